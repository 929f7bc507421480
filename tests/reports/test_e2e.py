"""In a real browser: staff open the evaluation of a year in English, German and Danish, read
the district figures as chart and table, and open the printable annual report; axe-core finds
no WCAG 2.1 AA violation on any of these pages."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y
from tests.courses.factories import CourseFactory, RunFactory, fill
from tests.factories import PASSWORD, DistrictFactory, UserFactory
from tests.processes.factories import ProcessFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.e2e

DAY = date(2026, 5, 4)

LANGUAGES = (
    # button, page heading, a district figure, its table's toggle, annual report link
    (None, "Evaluation", "Courses and participants per district", "Table: Courses and participants per district", "Annual report (printable)"),  # noqa: E501
    ("Deutsch", "Auswertung", "Kurse und Teilnehmende nach Stadtteil", "Tabelle: Kurse und Teilnehmende nach Stadtteil", "Jahresbericht (druckbar)"),  # noqa: E501
    ("Dansk", "Evaluering", "Kurser og deltagere pr. bydel", "Tabel: Kurser og deltagere pr. bydel", "Årsrapport (til udskrift)"),  # noqa: E501
)


def test_evaluation_page_in_three_languages(page, live_server, committed_db):
    schlaatz = DistrictFactory(name="Am Schlaatz", slug="schlaatz")
    run = RunFactory(course=CourseFactory(title="Moderation"), first_day=DAY, last_day=DAY,
                     days=[DAY], directory_venue=VenueFactory(district=schlaatz))  # fmt: skip
    fill(run, 3)
    process = ProcessFactory(title="Harbour plan", starts_on=DAY, ends_on=DAY)
    process.districts.append(schlaatz)
    UserFactory(email="sam@example.org", name="Sam Staff", roles=["office_staff"])
    committed_db.session.commit()
    url = live_server.url

    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)
    for button, heading, figure, table, annual in LANGUAGES:
        if button:  # on the annual report of the language before
            page.get_by_role("button", name=button).click()
            expect(page.locator("html")).to_have_attribute("lang", button[:2].lower())
            a11y(page)
        page.goto(url + "/reports/?year=2026")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        expect(page.get_by_role("heading", name=figure)).to_be_visible()
        section = page.locator("section.figure", has=page.get_by_role("heading", name=figure))
        expect(section.locator("svg.chart")).to_be_visible()
        section.get_by_text(table, exact=True).click()
        row = section.get_by_role("row", name="Am Schlaatz")
        expect(row).to_contain_text("3")
        a11y(page)
        page.get_by_role("link", name=annual).click()
        expect(page.get_by_role("heading", name=figure)).to_be_visible()
        a11y(page)
