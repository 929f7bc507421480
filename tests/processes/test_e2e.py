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
