"""Implementation partners: pledges on recommendations, their reports, the scorecard, and
strategy meetings that continue an assembly."""

from datetime import date

import pytest
import sqlalchemy as sa

from office.core.errors import DomainError
from office.processes import rules
from office.processes.models import Pledge, Process
from office.processes.services import partners
from tests.factories import OrganisationFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory

DAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("public", "status", "progress", "problem"),
    [
        (True, "pledged", 0, None),
        (False, "pledged", 0, "unpublished"),
        (True, "in_progress", 101, "progress"),
        (True, "in_progress", -1, "progress"),
        (True, "done", 99, "done_not_full"),
        (True, "done", 100, None),
        (True, "withdrawn", 30, None),
    ],
)
def test_pledge_problem(public, status, progress, problem):
    assert rules.pledge_problem(public, status, progress) == problem


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Stadtwerke Potsdam", kind="business")


def test_partner_pledges_and_reports(db, partner):
    rec = RecommendationFactory()
    pledge = partners.add_pledge(rec, partner.id, "Ten e-bikes for the district", DAY)
    assert pledge.status == "pledged" and rec.pledges == [pledge]
    partners.report_on_pledge(pledge, "in_progress", 40, "Four bikes delivered", date(2026, 9, 1))
    assert (pledge.status, pledge.progress, pledge.report) == ("in_progress", 40, "Four bikes delivered")


@pytest.mark.parametrize(
    ("setup", "field"),
    [
        ("unpublished", "organisation"),
        ("no_partner", "organisation"),
        ("empty_text", "text"),
        ("twice", "organisation"),
        ("foreign_meeting", "meeting"),
    ],
)
def test_bad_pledge_is_refused_and_nothing_stored(db, partner, setup, field):
    rec = RecommendationFactory(process=ProcessFactory(is_public=setup != "unpublished"))
    args = [rec, partner.id, "We help", DAY, None]
    if setup == "no_partner":
        args[1] = 999999
    elif setup == "empty_text":
        args[2] = "  "
    elif setup == "twice":
        partners.add_pledge(*args)
    elif setup == "foreign_meeting":
        args[4] = ProcessFactory(kind="strategy_meeting").id
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Pledge))
    with pytest.raises(DomainError) as refused:
        partners.add_pledge(*args)
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pledge)) == before


def test_report_out_of_range_changes_nothing(db, partner):
    pledge = partners.add_pledge(RecommendationFactory(), partner.id, "We help", DAY)
    with pytest.raises(DomainError):
        partners.report_on_pledge(pledge, "done", 80, "", DAY)
    with pytest.raises(DomainError):
        partners.report_on_pledge(pledge, "lost", 10, "", DAY)
    assert (pledge.status, pledge.progress) == ("pledged", 0)


def test_staff_record_a_pledge_and_it_shows_on_the_scorecard(client, login_as, db, partner):
    assembly = ProcessFactory(title="Bürger:innenrat Klima", kind="assembly")
    meeting = ProcessFactory(title="Strategietreffen", kind="strategy_meeting", follows=assembly)
    rec = RecommendationFactory(process=assembly, title="Mehr Lastenräder")
    db.session.commit()
    login_as("office_staff")
    page = client.get(f"/processes/recommendations/{rec.id}").get_data(as_text=True)
    assert "Stadtwerke Potsdam" in page and "Strategietreffen" in page
    response = client.post(f"/processes/recommendations/{rec.id}", data={
        "form": "pledge", "pledge-organisation": str(partner.id),
        "pledge-text": "Zehn Lastenräder für den Stadtteil", "pledge-pledged_on": "2026-06-01",
        "pledge-meeting": str(meeting.id),
    })  # fmt: skip
    assert response.status_code == 302
    pledge = db.session.scalar(sa.select(Pledge))
    response = client.post(f"/processes/pledges/{pledge.id}", data={
        f"p{pledge.id}-status": "in_progress", f"p{pledge.id}-progress": "40",
        f"p{pledge.id}-report": "Vier Räder geliefert", f"p{pledge.id}-reported_on": "2026-09-01",
    })  # fmt: skip
    assert response.status_code == 302
    bad = client.post(f"/processes/pledges/{pledge.id}", data={
        f"p{pledge.id}-status": "done", f"p{pledge.id}-progress": "50",
        f"p{pledge.id}-reported_on": "2026-09-01",
    })  # fmt: skip
    assert bad.status_code == 422 and "100 %" in bad.get_data(as_text=True)
    client.post("/account/logout")
    with client.session_transaction() as session:
        session.clear()
    card = client.get(f"/processes/{assembly.id}/scorecard").get_data(as_text=True)
    assert "Stadtwerke Potsdam" in card and "Zehn Lastenräder für den Stadtteil" in card
    assert "Vier Räder geliefert" in card and 'value="40"' in card
    detail = client.get(f"/processes/{meeting.id}").get_data(as_text=True)
    assert "Bürger:innenrat Klima" in detail and f"/processes/{assembly.id}/scorecard" in detail


def test_strategy_meeting_form_links_the_assembly(client, login_as, db):
    assembly = ProcessFactory(title="Bürger:innenrat Klima", kind="assembly")
    db.session.commit()
    login_as("office_staff")
    response = client.post("/processes/new", data={
        "title": "Strategietreffen Klima", "summary": "Partner tragen die Empfehlungen",
        "status": "planned", "kind": "strategy_meeting", "follows": str(assembly.id),
        "level": "involve", "lead_department": "", "council_reference": "",
    })  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting = db.session.scalar(sa.select(Process).filter_by(title="Strategietreffen Klima"))
    assert meeting.kind == "strategy_meeting" and meeting.follows == assembly
