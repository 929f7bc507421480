"""In a real browser, with axe-core: the statement, its form with errors, and Leichte Sprache."""

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y

pytestmark = pytest.mark.e2e


def test_statement_feedback_and_easy_language(page, live_server):
    page.goto(live_server.url + "/")
    a11y(page)
    page.get_by_role("link", name="Accessibility", exact=True).click()
    expect(page.get_by_role("heading", name="Accessibility statement", exact=True)).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".error-summary")).to_contain_text("Please describe the barrier.")
    a11y(page)
    page.get_by_role("button", name="Deutsch").click()  # the language switch after an error
    expect(
        page.get_by_role("heading", name="Erklärung zur Barrierefreiheit", exact=True)
    ).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.get_by_role("heading", name="Leichte Sprache", exact=True)).to_be_visible()
    a11y(page)
