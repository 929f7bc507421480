"""In a real browser: log in, switch to Danish, log out; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def test_login_language_switch_logout(page, live_server, committed_db):
    UserFactory(email="ada@example.org", name="Ada Admin", roles=["admin"])
    committed_db.session.commit()

    page.goto(live_server.url + "/")
    a11y(page)
    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    a11y(page)

    # a wrong password gives an error summary that takes focus
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill("wrong password!!")
    page.get_by_role("button", name="Log in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Email address or password is wrong.")
    a11y(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You are logged in.")).to_be_visible()
    a11y(page)

    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    a11y(page)

    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Brugere og roller")).to_be_visible()
    a11y(page)

    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_text("Du er logget ud.")).to_be_visible()
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()
    a11y(page)


def test_narrow_screen_has_no_horizontal_scroll(page, live_server, committed_db):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/account/login"):
        page.goto(live_server.url + path)
        a11y(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"


def test_error_page_in_browser_language(page, live_server, committed_db):
    page.goto(live_server.url + "/does-not-exist")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    a11y(page)


def test_jobs_page_and_late_flag_in_three_languages(page, live_server, committed_db):
    from datetime import timedelta

    from office.core.clock import utcnow
    from office.core.models import PeriodicJob

    UserFactory(email="sam@example.org", name="Sam Staff", roles=["office_staff"])
    earlier = utcnow() - timedelta(hours=3)
    committed_db.session.add(
        PeriodicJob(job="courses decide", last_started_at=earlier, last_finished_at=earlier,
                    last_succeeded_at=earlier, last_counts={"decided": 2, "closed_out": 1},
                    runs=1, failures=0)
    )  # fmt: skip
    committed_db.session.commit()
    page.goto(live_server.url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("periodic jobs have not run in time")
    a11y(page)
    page.get_by_role("link", name="See the periodic jobs").click()
    row = page.get_by_role("row", name="flask courses decide")
    expect(row).to_contain_text("late")
    expect(row).to_contain_text("runs decided: 2")
    a11y(page)
    for language, heading, late in (("Deutsch", "Regelmäßige Aufgaben", "verspätet"),
                                    ("Dansk", "Periodiske job", "forsinket")):  # fmt: skip
        page.get_by_role("button", name=language).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_role("row", name="flask courses decide")).to_contain_text(late)
        a11y(page)
