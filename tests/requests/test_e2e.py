"""In a real browser, in German, Danish and English: the requester sees when we answer, staff
see the three clocks and pause them by waiting, the business calendar, the mail inbox; the
requester rates the answer and reopens the request. axe-core on every page."""

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from office.requests.models import HelpRequest
from tests.conftest import a11y
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def _login(page, url, email, code):
    page.goto(url + "/account/login")
    a11y(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    a11y(page)
    page.locator(f"button[name=locale][value={code}]").click()
    a11y(page)


def _logout(page):
    page.locator(".account-links button").click()
    a11y(page)


@pytest.mark.parametrize("code", ["de", "da", "en"])
def test_clocks_waiting_rating_and_reopening_in_each_language(
    page, live_server, committed_db, app, code
):
    def t(text, **values):
        with app.test_request_context(), force_locale(code):
            return gettext(text, **values)

    db = committed_db
    requester = UserFactory(
        email="dana@example.org", name="Dana Fachbereich", roles=["department_staff"]
    )
    UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    db.session.commit()
    url = live_server.url

    _login(page, url, requester.email, code)
    page.goto(url + "/requests/new/other")
    a11y(page)
    page.get_by_label(t("Title")).fill("Bench on the square")
    page.get_by_label(t("Description")).fill("Please help.")
    page.get_by_role("button", name=t("Submit request")).click()
    expect(page.get_by_text(t("We answer by"))).to_be_visible()
    a11y(page)
    request_url = page.url
    _logout(page)

    _login(page, url, "sven@example.org", code)
    page.goto(url + "/requests/queue")
    expect(page.get_by_role("columnheader", name=t("Next deadline"))).to_be_visible()
    a11y(page)
    page.goto(request_url)
    expect(page.get_by_role("heading", name=t("Service levels"))).to_be_visible()
    a11y(page)
    page.locator("#step-target").select_option("in_triage")
    page.locator("#step-assignee").select_option(label="Sven Stab")
    page.get_by_role("button", name=t("Change status")).click()
    a11y(page)
    page.locator("#step-target").select_option("waiting_requester")
    page.get_by_role("button", name=t("Change status")).click()
    expect(page.locator(".clocks").get_by_text(t("paused while waiting")).first).to_be_visible()
    a11y(page)
    page.goto(url + "/requests/holidays")
    expect(page.get_by_role("heading", name=t("Public holidays"))).to_be_visible()
    a11y(page)
    page.goto(url + "/requests/inbox")
    expect(page.get_by_text(t("No mail waits for staff."))).to_be_visible()
    a11y(page)
    _logout(page)

    db.session.rollback()  # a fresh snapshot: the browser's requests committed meanwhile
    req = db.session.query(HelpRequest).one()
    req.status, req.closed_at, req.outcome = "done", req.submitted_at, "Bench ordered"
    db.session.commit()

    _login(page, url, requester.email, code)
    page.goto(request_url)
    a11y(page)
    page.get_by_label(t("4 – good")).check()
    page.get_by_role("button", name=t("Send rating")).click()
    expect(page.get_by_text(t("Thank you for your rating."))).to_be_visible()
    a11y(page)
    page.get_by_label(t("What is not solved?")).fill("The bench has not arrived.")
    page.get_by_role("button", name=t("Reopen the request")).click()
    expect(page.get_by_text(t("The request is open again; we will answer you."))).to_be_visible()
    a11y(page)
    db.session.rollback()
    req = db.session.query(HelpRequest).one()
    assert (req.status, req.rating) == ("in_progress", 4)
