"""In a real browser: staff record a partner's pledge to a recommendation; the public sees it
on the scorecard next to the political answer."""

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory

pytestmark = pytest.mark.e2e


def test_partner_pledge_shows_on_the_scorecard(page, live_server, committed_db):
    UserFactory(email="sam@example.org", name="Sam Staff", roles=["office_staff"])
    OrganisationFactory(name="Universität Potsdam", kind="science")
    assembly = ProcessFactory(title="Bürger:innenrat Klima", kind="assembly")
    ProcessFactory(title="Strategietreffen Klima", kind="strategy_meeting", follows=assembly)
    rec = RecommendationFactory(process=assembly, title="Hitzeschutz in Schulen", answer="partly",
                                answer_rationale="Teilweise im Haushalt")  # fmt: skip
    committed_db.session.commit()
    url = live_server.url

    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)
    page.goto(url + f"/processes/recommendations/{rec.id}")
    a11y(page)
    page.get_by_label("Partner", exact=True).select_option(label="Universität Potsdam")
    page.locator("#pledge-text").fill("Messungen in fünf Schulen und ein Bericht")
    page.get_by_label("At the strategy meeting").select_option(label="Strategietreffen Klima")
    page.get_by_role("button", name="Save pledge").click()
    expect(page.get_by_role("heading", name="Universität Potsdam")).to_be_visible()
    a11y(page)

    page.context.clear_cookies()
    page.goto(url + f"/processes/{assembly.id}/scorecard")
    row = page.get_by_role("row").filter(has_text="Hitzeschutz in Schulen")
    expect(row).to_contain_text("Teilweise im Haushalt")
    expect(row).to_contain_text("Universität Potsdam")
    expect(row).to_contain_text("Messungen in fünf Schulen und ein Bericht")
    a11y(page)
