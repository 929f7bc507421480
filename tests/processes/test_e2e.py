"""In a real browser, without login: filter the Vorhabenliste, open a process and its scorecard."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y
from tests.factories import DistrictFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory

pytestmark = pytest.mark.e2e


def test_public_filters_list_and_reads_scorecard(page, live_server, committed_db):
    north = DistrictFactory(name="Nordstadt")
    assembly = ProcessFactory(
        title="Bürgerrat Klima", status="running", level="involve", districts=[north]
    )
    ProcessFactory(title="Radverkehrskonzept", status="planned")
    RecommendationFactory(
        process=assembly,
        title="Solardächer",
        answer="accepted",
        answered_on=date(2026, 1, 10),
        answer_committee="Klimaausschuss",
        implementation="in_progress",
        progress=40,
    )
    RecommendationFactory(
        process=assembly, title="Tempo 30", answer_due_on=date.today() - timedelta(days=5)
    )
    committed_db.session.commit()

    page.goto(live_server.url + "/processes/")
    a11y(page)
    expect(page.get_by_role("link", name="Radverkehrskonzept")).to_be_visible()
    page.get_by_label("District").select_option(label="Nordstadt")
    page.get_by_role("button", name="Show processes").click()
    expect(page.get_by_text("1 process", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Radverkehrskonzept")).to_have_count(0)
    a11y(page)

    page.get_by_role("link", name="Bürgerrat Klima").click()
    expect(page.get_by_role("heading", name="Bürgerrat Klima", level=1)).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Recommendations, answers and implementation (scorecard)").click()
    expect(page.get_by_role("heading", name="Recommendations and answers")).to_be_visible()
    expect(page.locator("tr.overdue")).to_contain_text("Tempo 30")
    expect(page.locator("tr", has_text="Solardächer")).to_contain_text("Klimaausschuss")
    a11y(page)


def test_public_suggestion_form_errors_are_accessible(page, live_server, committed_db):
    process = ProcessFactory(title="Marktplatz", status="planned")
    committed_db.session.commit()
    page.goto(f"{live_server.url}/processes/{process.id}")
    a11y(page)
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.locator(".error-summary")).to_be_focused()
    a11y(page)
    page.get_by_label("Your name").fill("Rosa")
    page.get_by_label("Your email address").fill("rosa@example.org")
    page.get_by_label("Your suggestion").fill("Mehr Bäume und Bänke")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Please confirm your suggestion with the link")).to_be_visible()
    a11y(page)

    import sqlalchemy as sa

    from office.processes.models import Suggestion

    committed_db.session.rollback()  # end the test's read transaction: see what the server committed
    token = committed_db.session.scalar(sa.select(Suggestion.token))
    page.goto(f"{live_server.url}/processes/suggestions/confirm/{token}")
    expect(page.get_by_text("Mehr Bäume und Bänke")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Confirm suggestion").click()
    expect(page.get_by_text("Your suggestion is confirmed.")).to_be_visible()
    a11y(page)


def test_catalogue_and_toolkit_fit_a_narrow_screen(page, live_server, committed_db):
    from office.methods.services import install_method_cards

    install_method_cards()
    ProcessFactory(title="Ein Verfahren mit einem recht langen Titel für schmale Bildschirme")
    committed_db.session.commit()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/processes/",
        "/methods/",
        "/methods/?goal=recommendations&participants=40",
        "/methods/citizens-assembly",
    ):
        page.goto(live_server.url + path)
        a11y(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"


def test_staff_creates_process_adds_phase_and_answers_recommendation(
    page, live_server, committed_db
):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(email="staff@example.org", roles=["office_staff"])
    rec = RecommendationFactory(
        title="Mehr Bäume", process=ProcessFactory(title="Bürgerrat Stadtgrün")
    )
    committed_db.session.commit()
    page.goto(live_server.url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)

    page.goto(live_server.url + "/processes/new")
    a11y(page)
    page.get_by_label("Title (required)").fill("Spielplatz Gartenstadt")
    page.get_by_label("Summary (required)").fill("Kinder planen ihren Spielplatz mit.")
    page.get_by_label("Participation level").select_option("involve")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The process is saved. Add its phases below.")).to_be_visible()
    a11y(page)
    page.get_by_label("Phase (required)").fill("Werkstatt")
    page.get_by_label("First day").fill("2026-06-10")
    page.get_by_label("Last day").fill("2026-06-01")
    page.get_by_role("button", name="Add phase").click()
    expect(page.locator(".error-summary")).to_contain_text("The phase cannot end before it starts.")
    a11y(page)
    page.get_by_label("Last day").fill("2026-06-10")
    page.get_by_role("button", name="Add phase").click()
    expect(page.get_by_text("The phase is added.")).to_be_visible()
    a11y(page)

    page.goto(f"{live_server.url}/processes/recommendations/{rec.id}")
    a11y(page)
    page.get_by_label("Political answer").select_option("accepted")
    page.get_by_label("Committee").fill("Umweltausschuss")
    page.get_by_label("Date of the decision").fill("2026-04-20")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("The answer is saved.")).to_be_visible()
    a11y(page)
    page.goto(f"{live_server.url}/processes/{rec.process_id}/scorecard")
    expect(page.locator("tr", has_text="Mehr Bäume")).to_contain_text("Umweltausschuss")
    a11y(page)
