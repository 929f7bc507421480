"""In a real browser, as the board's secretariat: schedule a meeting, put an item on its agenda,
send the invitation, hold the meeting (attendance, the members' votes: a tie the chair's casting
vote decides), record the decision, draft the minutes from the results and approve them; then the
public register and the OParl API show the result, and the audit trail shows each step in
English, German and Danish. axe-core on every page."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from playwright.sync_api import expect

from office.core.clock import local_now, utcnow
from office.core.models import OutboxMessage
from office.governance.models import BoardMember, BoardTerm, RulesVersion
from tests.conftest import a11y
from tests.factories import UserFactory
from tests.governance.test_e2e import _login

pytestmark = pytest.mark.e2e

#: the members, the chair first; the tie 2:2 goes the chair's way
VOTES = {"Carla Chair": "Yes", "Bea Berg": "Yes", "Nils Nord": "No", "Olga Ost": "No"}
#: the audit trail's entries of the meeting, oldest first, per language
STEPS = {
    "English": ["meeting scheduled", "item added to the agenda", "invitation sent to the members",
                "attendance recorded", "vote cast", "decision recorded", "minutes recorded",
                "minutes approved"],
    "Deutsch": ["Einladung an die Mitglieder verschickt", "Protokoll genehmigt"],
    "Dansk": ["indkaldelse sendt til medlemmerne", "referat godkendt"],
}  # fmt: skip


def _board(db):
    db.session.add(RulesVersion(version=1, title="GO", body="# GO", effective_from=date(2020, 1, 1),
                                tie="chair_decides"))  # fmt: skip
    for name in VOTES:
        email = name.split()[0].lower() + "@example.org"
        member = BoardMember(name=name, email=email, publication_consent=True,
                             user=UserFactory(email=email, name=name, roles=["board_member"]))  # fmt: skip
        function = "chair" if name == "Carla Chair" else "member"
        member.terms.append(BoardTerm(seat_group="citizens", function=function,
                                      starts_on=date(2020, 1, 1)))  # fmt: skip
        db.session.add(member)


def _schedule_with_agenda_and_invite(page, url, start):
    page.goto(url + "/board/meetings/new")
    a11y(page)
    page.get_by_label("Title").fill("4. Sitzung 2026")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Rathaus, Saal 2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="4. Sitzung 2026")).to_be_visible()
    a11y(page)
    meeting_url = page.url
    page.get_by_label("Title").fill("Zuschüsse für Nachbarschaftsfeste")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("The item has been added to the agenda.")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Send the invitation to the members").click()
    expect(page.get_by_text("The invitation has been sent to the members.")).to_be_visible()
    a11y(page)
    return meeting_url


def _hold_the_meeting(page, meeting_url):
    page.goto(meeting_url)
    a11y(page)
    for name in VOTES:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("The attendance has been saved.")).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Zuschüsse für Nachbarschaftsfeste").click()
    a11y(page)
    for name, choice in VOTES.items():
        page.locator("#record-member").select_option(label=name)
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Record vote").click()
        a11y(page)
    expect(page.get_by_text("Result if decided now: Adopted.")).to_be_visible()
    page.get_by_label("Rationale").fill("Der Beirat empfiehlt die Zuschüsse.")
    page.get_by_role("button", name="Record the decision").click()
    heading = "Decision: Adopted (by the chair's casting vote)"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    a11y(page)


def _minutes(page, meeting_url):
    page.goto(meeting_url)
    a11y(page)
    page.get_by_role("button", name="Draft the minutes from the agenda").click()
    expect(page.locator(".markdown")).to_contain_text("Zuschüsse für Nachbarschaftsfeste")
    expect(page.locator(".markdown")).to_contain_text("casting vote")
    a11y(page)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("The minutes are approved.")).to_be_visible()
    expect(page.get_by_text("Approved on")).to_be_visible()
    a11y(page)


def _oparl_shows_the_result(page, url):
    items = page.request.get(url + "/oparl/v1.1/agenda_items").json()["data"]
    [item] = [i for i in items if i["name"] == "Zuschüsse für Nachbarschaftsfeste"]
    assert item["result"] == "Beschlossen"
    assert item["resolutionText"].startswith("Der Beirat empfiehlt die Zuschüsse.")
    meeting = page.request.get(item["meeting"]).json()
    assert meeting["meetingState"] == "durchgeführt" and meeting["name"] == "4. Sitzung 2026"


def _audit_trail_in_three_languages(page, url):
    page.goto(url + "/board/audit")
    a11y(page)
    for language, labels in STEPS.items():
        page.get_by_role("button", name=language).click()
        a11y(page)
        actions = page.locator("table.audit-trail tbody tr td:nth-child(4)").all_inner_texts()
        in_order = list(dict.fromkeys(reversed(actions)))  # the page lists the newest first
        assert [a for a in in_order if a in labels] == labels, (language, actions)


def test_secretariat_runs_a_meeting_from_invitation_to_approved_minutes(
    page, live_server, committed_db
):
    db = committed_db
    _board(db)
    staff = UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    db.session.commit()
    url = live_server.url
    start = (local_now() + timedelta(minutes=5)).replace(second=0, microsecond=0, tzinfo=None)

    _login(page, url, staff.email, language="English")
    meeting_url = _schedule_with_agenda_and_invite(page, url, start)
    db.session.rollback()  # see what the server committed
    invited = db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.subject == "Invitation: 4. Sitzung 2026")).all()  # fmt: skip
    assert sorted(invited) == sorted(n.split()[0].lower() + "@example.org" for n in VOTES)

    # the meeting begins: nothing could be recorded before its start
    with time_machine.travel(utcnow() + timedelta(minutes=10), tick=True):
        _hold_the_meeting(page, meeting_url)
        _minutes(page, meeting_url)
        _audit_trail_in_three_languages(page, url)
        page.get_by_role("button", name="English").click()
        a11y(page)
        page.locator(".account-links button").click()  # log out
        a11y(page)

        # the public: the register names the casting vote; the OParl API has the result
        page.goto(url + "/board/decisions")
        row = page.get_by_role("row").filter(has_text="Zuschüsse für Nachbarschaftsfeste")
        expect(row).to_contain_text("Adopted (by the chair's casting vote)")
        a11y(page)
        _oparl_shows_the_result(page, url)
