import csv
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from office.processes.models import Process, ProcessProposal, Suggestion
from tests.factories import DistrictFactory, OrganisationFactory, TopicFactory
from tests.processes.factories import (
    MinorityStatementFactory,
    PhaseFactory,
    ProcessFactory,
    RecommendationFactory,
)
from tests.processes.querycount import count_queries


def test_vorhabenliste_public_without_login_hides_internal(client, db):
    ProcessFactory(title="Marktplatz Altstadt")
    ProcessFactory(title="Interne Vorprüfung", is_public=False)
    html = client.get("/processes/").get_data(as_text=True)
    assert "Marktplatz Altstadt" in html and "Interne Vorprüfung" not in html


def test_vorhabenliste_filters_by_status_district_topic_level_department_and_search(client, db):
    north, south = DistrictFactory(name="Nordstadt"), DistrictFactory(name="Südstadt")
    climate = TopicFactory(name_en="Climate")
    planning = OrganisationFactory(name="Stadtplanung")
    ProcessFactory(
        title="Skatepark",
        status="planned",
        level="decide",
        districts=[north],
        topics=[climate],
        lead_department=planning,
    )
    ProcessFactory(title="Radwege", status="running", level="consult", districts=[south])

    def titles(query):
        html = client.get("/processes/?" + query).get_data(as_text=True)
        return {t for t in ("Skatepark", "Radwege") if f">{t}</a>" in html}

    assert titles("") == {"Skatepark", "Radwege"}
    assert titles("status=running") == {"Radwege"}
    assert titles(f"district={north.id}") == {"Skatepark"}
    assert titles(f"topic={climate.id}") == {"Skatepark"}
    assert titles("level=consult") == {"Radwege"}
    assert titles(f"department={planning.id}") == {"Skatepark"}
    assert titles("q=skate") == {"Skatepark"}
    assert titles("status=nonsense") == {"Skatepark", "Radwege"}  # an unknown value filters nothing


def test_vorhabenliste_paginates(client, db):
    for i in range(25):
        ProcessFactory(title=f"Verfahren {i:02d}")
    first = client.get("/processes/").get_data(as_text=True)
    second = client.get("/processes/?page=2").get_data(as_text=True)
    assert "25 processes" in first and 'rel="next"' in first
    assert second.count('class="badge"') == 5


def test_internal_process_page_404_for_public_visible_for_staff(client, db, login_as):
    process = ProcessFactory(is_public=False)
    assert client.get(f"/processes/{process.id}").status_code == 404
    assert client.get(f"/processes/{process.id}/scorecard").status_code == 404
    login_as("office_staff")
    assert client.get(f"/processes/{process.id}").status_code == 200


def test_csv_export_follows_filters(client, db):
    ProcessFactory(
        title="Skatepark", status="planned", districts=[DistrictFactory(name="Nordstadt")]
    )
    ProcessFactory(title="Radwege", status="running")
    response = client.get("/processes/export.csv?status=planned")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["title"], r["districts"]) for r in rows] == [("Skatepark", "Nordstadt")]


def test_json_api_lists_public_processes_and_is_in_openapi(client, db):
    process = ProcessFactory(title="Skatepark")
    PhaseFactory(process=process, title="Ideenwerkstatt")
    ProcessFactory(title="Intern", is_public=False)
    data = client.get("/api/v1/processes").get_json()
    assert data["total"] == 1 and data["items"][0]["title"] == "Skatepark"
    RecommendationFactory(process=process, title="Mehr Rampen", answer="partly", progress=30)
    one = client.get(f"/api/v1/processes/{process.id}").get_json()
    assert one["phases"][0]["title"] == "Ideenwerkstatt"
    assert [(r["title"], r["answer"], r["progress"]) for r in one["recommendations"]] == [
        ("Mehr Rampen", "partly", 30)
    ]
    assert client.get("/api/v1/processes/999999").status_code == 404
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/v1/processes" in spec["paths"] and "ProcessDetail" in spec["components"]["schemas"]


def test_printable_page_lists_all_without_pager(client, db):
    for i in range(30):
        ProcessFactory(title=f"Druck {i:02d}")
    html = client.get("/processes/print").get_data(as_text=True)
    assert html.count("<td>Druck") == 30 and 'rel="next"' not in html


def test_suggestion_flow_confirm_then_moderate_then_shown(client, db, outbox, login_as):
    process = ProcessFactory(status="planned")
    response = client.post(
        f"/processes/{process.id}",
        data={"name": "Rosa", "email": "rosa@example.org", "text": "Mehr Schatten"},
    )
    assert response.status_code == 302
    assert "Mehr Schatten" not in client.get(f"/processes/{process.id}").get_data(as_text=True)
    link = re.search(
        r"http://localhost(/processes/suggestions/confirm/\S+)",
        outbox.to("rosa@example.org")[0].body_text,
    ).group(1)
    assert "Mehr Schatten" in client.get(link).get_data(as_text=True)  # shown, not yet confirmed
    assert db.session.scalar(sa.select(Suggestion.status)) == "unconfirmed"
    assert client.post(link).status_code == 302
    assert client.get(link).status_code == 404  # used
    assert client.post(link).status_code == 404
    suggestion = db.session.scalar(sa.select(Suggestion))
    assert suggestion.status == "pending"
    login_as("office_staff")
    assert "Mehr Schatten" in client.get("/processes/suggestions").get_data(as_text=True)
    client.post(f"/processes/suggestions/{suggestion.id}/publish")
    assert "Mehr Schatten" in client.get(f"/processes/{process.id}").get_data(as_text=True)


def test_suggestion_form_errors_shown(client, db):
    process = ProcessFactory(status="planned")
    response = client.post(
        f"/processes/{process.id}", data={"name": "", "email": "nope", "text": ""}
    )
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Suggestion)) == 0


def test_scorecard_public_counts_and_highlights_overdue(client, db):
    process = ProcessFactory()
    solar = RecommendationFactory(
        process=process,
        title="Solar",
        answer="accepted",
        answered_on=date(2026, 1, 5),
        answer_committee="Klimaausschuss",
        progress=60,
        implementation="in_progress",
        votes_for=20, votes_against=7, votes_abstained=3,
    )
    MinorityStatementFactory(
        recommendation=solar, text="Eine Minderheit widerspricht.",
        supporters=7,
    )
    RecommendationFactory(
        process=process, title="Überfällig", answer_due_on=date.today() - timedelta(days=10)
    )
    RecommendationFactory(
        process=process, title="Noch offen", answer_due_on=date.today() + timedelta(days=10)
    )
    html = client.get(f"/processes/{process.id}/scorecard").get_data(as_text=True)
    assert html.count('class="overdue"') == 1
    assert "Eine Minderheit widerspricht." in html and "Klimaausschuss" in html and "60 %" in html
    assert "Minority statement (7 members)" in html
    assert "20 for, 7 against, 3 abstentions (67 % in favour)" in html
    assert re.search(r"<strong>1</strong> answers overdue", html)


def test_staff_creates_process_and_phase_with_wrong_dates_gets_message(client, db, login_as):
    login_as("office_staff")
    district = DistrictFactory()
    response = client.post(
        "/processes/new",
        data={
            "title": "Neuer Bürgerrat",
            "summary": "Worum es geht",
            "status": "planned",
            "level": "involve",
            "districts": [district.id],
            "is_public": "y",
        },
    )
    process = db.session.scalar(sa.select(Process).where(Process.title == "Neuer Bürgerrat"))
    assert response.status_code == 302 and process.districts == [district]
    bad = client.post(
        f"/processes/{process.id}/phases",
        data={
            "phase-title": "Sitzung",
            "phase-starts_on": "2026-05-10",
            "phase-ends_on": "2026-05-01",
        },
    )
    assert bad.status_code == 422
    assert "The phase cannot end before it starts." in bad.get_data(as_text=True)
    assert process.phases == []


def test_progress_outside_range_gets_message(client, db, login_as):
    login_as("office_staff")
    rec = RecommendationFactory(answer="accepted")
    db.session.commit()  # the refused request rolls back its transaction
    response = client.post(
        f"/processes/recommendations/{rec.id}",
        data={
            "form": "progress",
            "progress-progress": "150",
            "progress-implementation": "in_progress",
            "progress-reported_on": "2026-05-01",
            "progress-note": "Fast fertig",
        },
    )
    assert response.status_code == 422
    assert "Progress must be a whole number from 0 to 100." in response.get_data(as_text=True)
    ok = client.post(
        f"/processes/recommendations/{rec.id}",
        data={
            "form": "progress",
            "progress-progress": "80",
            "progress-implementation": "in_progress",
            "progress-reported_on": "2026-05-01",
            "progress-note": "Fast fertig",
        },
    )
    assert ok.status_code == 302 and rec.progress == 80


def test_staff_records_answer(client, db, login_as):
    login_as("office_staff")
    rec = RecommendationFactory()
    client.post(
        f"/processes/recommendations/{rec.id}",
        data={
            "form": "answer",
            "answer-answer": "rejected",
            "answer-answer_rationale": "Zu teuer",
            "answer-answer_committee": "Finanzausschuss",
            "answer-answered_on": "2026-03-03",
        },
    )
    assert (rec.answer, rec.answer_committee) == ("rejected", "Finanzausschuss")


def test_department_staff_proposes_process_others_cannot(client, db, login_as):
    login_as("initiative_rep")
    assert client.get("/processes/propose").status_code == 403
    department = OrganisationFactory(name="Verkehr")
    login_as("department_staff", organisation=department)
    response = client.post(
        "/processes/propose", data={"title": "Radwege", "description": "Beteiligung zu Radwegen"}
    )
    assert response.status_code == 302
    proposal = db.session.scalar(sa.select(ProcessProposal))
    assert proposal.department == department
    assert client.get("/processes/proposals").status_code == 403


def test_staff_pages_refused_to_public(client, db):
    process = ProcessFactory()
    for url in (
        "/processes/new",
        f"/processes/{process.id}/edit",
        "/processes/suggestions",
        "/processes/proposals",
    ):
        assert client.get(url).status_code == 302, url  # to the login page


def _seed_processes(n):
    districts = [DistrictFactory() for _ in range(2)]
    topics = [TopicFactory() for _ in range(2)]
    department = OrganisationFactory()
    for _ in range(n):
        p = ProcessFactory(districts=districts, topics=topics, lead_department=department)
        PhaseFactory(process=p)


def test_vorhabenliste_query_count_constant_as_data_grows(client, db):
    _seed_processes(2)
    with count_queries() as small:
        assert client.get("/processes/").status_code == 200
    _seed_processes(40)
    with count_queries() as large:
        assert client.get("/processes/").status_code == 200
    assert large.count == small.count


def test_scorecard_query_count_constant_as_data_grows(client, db):
    process = ProcessFactory()
    department = OrganisationFactory()
    for _ in range(2):
        RecommendationFactory(process=process, department=department, answer="accepted")
    db.session.expire_all()  # measure both requests with a cold identity map
    with count_queries() as small:
        client.get(f"/processes/{process.id}/scorecard")
    for _ in range(30):
        rec = RecommendationFactory(
            process=process, department=OrganisationFactory(), answer="accepted"
        )
        from office.processes.services.follow_up import report_progress

        report_progress(rec, 10, "Start", "in_progress", date(2026, 1, 1), None)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as large:
        client.get(f"/processes/{process.id}/scorecard")
    assert large.count == small.count


@pytest.mark.parametrize(
    ("locale", "planned", "heading"),
    [("de", "Geplant", "Beteiligungsverfahren"), ("da", "Planlagt", "Inddragelsesforløb")],
)
def test_vorhabenliste_in_german_and_danish(client, db, locale, planned, heading):
    ProcessFactory(status="planned")
    client.post("/language", data={"locale": locale})
    html = client.get("/processes/").get_data(as_text=True)
    assert planned in html and f"<h1>{heading}</h1>" in html


def test_staff_edits_recommendation_details(client, db, login_as):
    login_as("office_staff")
    rec = RecommendationFactory(title="Alt")
    department = OrganisationFactory(name="Umwelt")
    response = client.post(
        f"/processes/recommendations/{rec.id}",
        data={
            "form": "details",
            "details-title": "Neu",
            "details-text": "Text",
            "details-department": department.id,
            "details-answer_due_on": "2026-09-30",
        },
    )
    assert response.status_code == 302
    assert (rec.title, rec.department, rec.answer_due_on) == (
        "Neu",
        department,
        date(2026, 9, 30),
    )


def test_staff_deletes_process_with_its_recommendations(client, db, login_as):
    login_as("office_staff")
    process = ProcessFactory(title="Versehentlich")
    RecommendationFactory(process=process)
    assert "Delete for good" in client.get(f"/processes/{process.id}/delete").get_data(as_text=True)
    assert client.post(f"/processes/{process.id}/delete").status_code == 302
    assert db.session.get(Process, process.id) is None


def test_department_sees_its_own_proposals(client, db, login_as):
    department = OrganisationFactory(name="Kultur")
    login_as("department_staff", organisation=department)
    client.post(
        "/processes/propose", data={"title": "Kulturentwicklungsplan", "description": "Beteiligung"}
    )
    html = client.get("/processes/propose").get_data(as_text=True)
    assert "Kulturentwicklungsplan" in html and "received, not decided yet" in html
