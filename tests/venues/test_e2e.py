"""In a real browser: staff add a venue with its access, an initiative submits an event there,
staff publish it, and the public filters the calendar to step-free venues."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from office.core.clock import local_now
from office.directory.models import Representative
from tests.conftest import a11y
from tests.directory.factories import InitiativeFactory
from tests.factories import PASSWORD, DistrictFactory, UserFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.e2e


def _log_in(page, url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)


def test_venue_to_event_to_step_free_calendar(page, live_server, committed_db):
    DistrictFactory(name="Am Schlaatz", slug="schlaatz")
    UserFactory(email="sam@example.org", name="Sam Staff", roles=["office_staff"])
    rep = UserFactory(email="rita@example.org", name="Rita Rep", roles=["initiative_rep"])
    initiative = InitiativeFactory(name="Stadtbienen Südstadt")
    initiative.representatives.append(Representative(user=rep))
    VenueFactory(name="Cellar club", street="Kellerweg 1")
    committed_db.session.commit()
    url = live_server.url
    day = local_now().date() + timedelta(days=3)

    _log_in(page, url, "sam@example.org")
    page.goto(url + "/venues/new")
    a11y(page)
    page.get_by_label("Name of the place").fill("Bürgerhaus am Schlaatz")
    page.get_by_label("Street and number").fill("Schilfhof 28")
    page.get_by_label("Postcode").fill("14478")
    page.get_by_label("City").fill("Potsdam")
    page.get_by_label("District").select_option(label="Am Schlaatz")
    page.get_by_label("Latitude").fill("52.3743")
    page.get_by_label("Longitude").fill("13.0861")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Hearing loop").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Bürgerhaus am Schlaatz")).to_be_visible()
    expect(page.get_by_text("Step-free access: yes")).to_be_visible()
    a11y(page)

    _log_in(page, url, "rita@example.org")
    page.goto(url + "/calendar/new")
    a11y(page)
    page.get_by_label("Title (required)").fill("Bee-keeping for beginners")
    page.get_by_label("Organising initiative").select_option(label="Stadtbienen Südstadt")
    page.get_by_label("Start date").fill(day.isoformat())
    page.get_by_label("Start time").fill("17:00")
    page.get_by_label("End time").fill("19:00")
    page.get_by_label("Venue", exact=True).select_option(label="Bürgerhaus am Schlaatz – Schilfhof 28, 14478 Potsdam")
    page.get_by_role("button", name="Send for review").click()
    a11y(page)

    _log_in(page, url, "sam@example.org")
    page.goto(url + "/calendar/moderation")
    a11y(page)
    page.get_by_role("link", name="Bee-keeping for beginners").first.click()
    a11y(page)
    page.get_by_label("Publish").check()
    page.get_by_role("button", name="Save decision").click()
    a11y(page)

    page.context.clear_cookies()
    page.goto(url + f"/calendar/list?from={day.isoformat()}")
    a11y(page)
    page.get_by_label("Access").select_option(label="Step-free access")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**access=step_free**")
    link = page.get_by_role("link", name="Bee-keeping for beginners")
    expect(link).to_be_visible()
    a11y(page)
    link.click()
    expect(page.get_by_role("link", name="Bürgerhaus am Schlaatz")).to_be_visible()
    a11y(page)
    page.goto(url + "/venues/?access=step_free")
    expect(page.get_by_role("link", name="Cellar club")).to_have_count(0)
    expect(page.get_by_role("link", name="Bürgerhaus am Schlaatz")).to_be_visible()
    a11y(page)
