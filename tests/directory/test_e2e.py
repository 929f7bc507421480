"""In a real browser: an initiative registers, is published, submits an event that staff approve
and that shows in the month view and the feed; the public filters the directory."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from playwright.sync_api import expect

from office.core.clock import local_now
from office.core.models import OutboxMessage
from tests.conftest import a11y
from tests.directory.factories import InitiativeFactory
from tests.factories import PASSWORD, DistrictFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.e2e

REP_PASSWORD = "our garden grows every spring"


def _log_in(page, url, email, password):
    page.context.clear_cookies()
    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You are logged in.")).to_be_visible()
    a11y(page)


def _latest_mail(db, recipient):
    db.session.rollback()  # end the read snapshot: see what the server committed
    return db.session.scalar(
        sa.select(OutboxMessage).filter_by(recipient=recipient).order_by(OutboxMessage.id.desc())
    )


def test_initiative_registers_is_published_and_its_event_reaches_calendar_and_feed(
    page, live_server, committed_db
):
    district = DistrictFactory(name="Nordstadt", slug="nordstadt")
    TopicFactory(name_en="Environment", slug="environment")
    UserFactory(email="staff@example.org", name="Sven Staff", roles=["office_staff"])
    committed_db.session.commit()
    url = live_server.url

    # 1. the initiative registers itself
    page.goto(url + "/initiatives/")
    a11y(page)
    page.get_by_role("link", name="Register your initiative").click()
    a11y(page)
    page.get_by_label("Name of the initiative").fill("Nachbarschaftsgarten Nordstadt")
    page.get_by_label("Short description (required)").fill("We garden together on the old rail yard.")
    page.get_by_label("Nordstadt").check()
    page.get_by_label("Meeting place", exact=True).fill("Gleisstraße 4")
    page.get_by_label("Your name").fill("Rita Rep")
    page.get_by_label("Your email address").fill("rita@example.org")
    page.get_by_label("Choose a password").fill("too short")
    page.get_by_label("Repeat the password").fill("too short")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send for review").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("at least 12 characters")
    a11y(page)
    page.get_by_label("Choose a password").fill(REP_PASSWORD)
    page.get_by_label("Repeat the password").fill(REP_PASSWORD)
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", name="Please confirm your email address")).to_be_visible()
    a11y(page)

    # 2. confirms the email address with the link from the mail
    mail = _latest_mail(committed_db, "rita@example.org")
    link = next(line for line in mail.body_text.splitlines() if "/initiatives/confirm/" in line)
    page.goto(url + link[link.index("/initiatives/") :])
    a11y(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    a11y(page)

    # 3. staff publish it
    _log_in(page, url, "staff@example.org", PASSWORD)
    page.goto(url + "/initiatives/moderation")
    a11y(page)
    page.get_by_role("link", name="Nachbarschaftsgarten Nordstadt").click()
    a11y(page)
    page.get_by_label("Publish", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The decision is saved")).to_be_visible()
    a11y(page)
    assert "now in the public directory" in _latest_mail(committed_db, "rita@example.org").body_text

    # 4. the representative submits an event
    _log_in(page, url, "rita@example.org", REP_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My initiatives"
    ).click()
    a11y(page)
    page.get_by_role("link", name="Submit an event").click()
    a11y(page)
    day = local_now().date() + timedelta(days=3)
    page.get_by_label("Title (required)").fill("Harvest festival in the garden")
    page.get_by_label("Start date").fill(day.isoformat())
    page.get_by_label("Start time").fill("15:00")
    page.get_by_label("End time").fill("14:00")
    page.get_by_label("District").select_option(label="Nordstadt")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".error-summary")).to_contain_text("The end must be after the start.")
    a11y(page)
    page.get_by_label("End time").fill("18:00")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("The office will review the event")).to_be_visible()
    a11y(page)

    # 5. staff approve it
    _log_in(page, url, "staff@example.org", PASSWORD)
    page.goto(url + "/calendar/moderation")
    a11y(page)
    page.get_by_role("link", name="Harvest festival in the garden").click()
    a11y(page)
    page.get_by_label("Publish", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The decision is saved")).to_be_visible()
    a11y(page)

    # 6. it shows in the public month view and in the feed
    page.context.clear_cookies()
    page.goto(url + f"/calendar/?month={day:%Y-%m}&district=nordstadt")
    a11y(page)
    page.get_by_role("link", name="Harvest festival in the garden").first.click()
    expect(page.get_by_role("heading", name="Harvest festival in the garden")).to_be_visible()
    expect(page.get_by_role("link", name="Nachbarschaftsgarten Nordstadt")).to_be_visible()
    a11y(page)
    feed = page.request.get(url + "/calendar.ics?district=nordstadt")
    titles = [str(v["summary"]) for v in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert titles == ["Harvest festival in the garden"]
    assert district.slug == "nordstadt"


def test_public_searches_and_filters_directory_by_keyboard(page, live_server, committed_db):
    north, south = DistrictFactory(name="Nordstadt"), DistrictFactory(name="Südstadt")
    InitiativeFactory(name="Repair-Café Südstadt", districts=[south])
    InitiativeFactory(name="Lauftreff Nordstadt", districts=[north])
    InitiativeFactory(name="Secret pending group", status="pending", districts=[north])
    committed_db.session.commit()

    page.goto(live_server.url + "/initiatives/")
    a11y(page)
    expect(page.get_by_text("2 initiatives found")).to_be_visible()
    page.get_by_label("District").select_option(label="Südstadt")
    page.get_by_role("textbox", name="Search").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 initiative found")).to_be_visible()
    expect(page.get_by_role("link", name="Repair-Café Südstadt")).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Repair-Café Südstadt").click()
    expect(page.get_by_role("heading", name="Repair-Café Südstadt")).to_be_visible()
    a11y(page)
