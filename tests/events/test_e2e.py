"""In a real browser: the public browses the calendar's views, filters it and finds the feed."""

import threading
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from office.core.clock import local_now
from tests.conftest import a11y
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory, TopicFactory

pytestmark = pytest.mark.e2e


def test_public_filters_calendar_in_month_week_and_list(page, live_server, committed_db):
    harbour = DistrictFactory(name="Am Hafen", slug="am-hafen")
    DistrictFactory(name="Altstadt", slug="altstadt")
    climate = TopicFactory(name_en="Climate", slug="climate")
    day = local_now().date() + timedelta(days=1)
    start = datetime.combine(day, time(17, 0), tzinfo=UTC)
    EventFactory(
        title="Climate café at the harbour",
        start_at=start,
        end_at=start + timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=4",
        series_end_at=start + timedelta(days=21, hours=2),
        district=harbour,
        topics=[climate],
    )
    EventFactory(title="Old town walk", start_at=start, end_at=start + timedelta(hours=1),
                 series_end_at=start + timedelta(hours=1))  # fmt: skip
    committed_db.session.commit()
    url = live_server.url

    page.goto(url + f"/calendar/?month={day:%Y-%m}")
    a11y(page)
    expect(page.get_by_role("link", name="Old town walk").first).to_be_visible()
    page.get_by_label("District").select_option(label="Am Hafen")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Old town walk")).to_have_count(0)
    expect(page.get_by_role("link", name="Climate café at the harbour").first).to_be_visible()
    a11y(page)

    page.get_by_text("Subscribe to this calendar").click()
    feed = page.get_by_label("Subscription address")
    expect(feed).to_have_value(f"{url}/calendar.ics?district=am-hafen")
    a11y(page)

    page.get_by_role("link", name="Week", exact=True).click()
    a11y(page)
    page.goto(url + f"/calendar/week?date={day.isoformat()}&district=am-hafen")
    expect(page.get_by_role("link", name="Climate café at the harbour").first).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="List", exact=True).click()
    expect(page.get_by_role("link", name="Climate café at the harbour")).to_have_count(4)
    a11y(page)
    page.get_by_role("link", name="Climate café at the harbour").first.click()
    expect(page.get_by_role("heading", name="Next dates")).to_be_visible()
    a11y(page)


def test_month_view_fits_narrow_screen(page, live_server, committed_db):
    start = datetime.combine(local_now().date(), time(23, 0), tzinfo=UTC)
    EventFactory(title="Late meeting", start_at=start, end_at=start + timedelta(hours=1),
                 series_end_at=start + timedelta(hours=1))  # fmt: skip
    committed_db.session.commit()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/calendar/", "/initiatives/"):
        page.goto(live_server.url + path)
        a11y(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"


def test_representative_manages_entry_and_event(page, live_server, committed_db):
    from office.directory.models import Representative
    from tests.directory.factories import InitiativeFactory
    from tests.factories import PASSWORD, UserFactory

    rep = UserFactory(email="rita@example.org", name="Rita Rep", roles=["initiative_rep"])
    initiative = InitiativeFactory(name="Stadtbienen Südstadt")
    initiative.representatives.append(Representative(user=rep))
    start = datetime.combine(local_now().date() + timedelta(days=5), time(16, 0), tzinfo=UTC)
    event = EventFactory(title="Honey tasting", start_at=start, end_at=start + timedelta(hours=2),
                         series_end_at=start + timedelta(hours=2), capacity=10,
                         initiative=initiative, organiser_kind="initiative")  # fmt: skip
    committed_db.session.commit()
    url = live_server.url

    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)

    page.goto(url + f"/initiatives/{initiative.id}/edit")
    a11y(page)
    page.get_by_label("Meeting times", exact=True).fill("Every Saturday, 10 am")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Every Saturday, 10 am")).to_be_visible()
    a11y(page)

    page.get_by_role("link", name="Representatives").first.click()
    a11y(page)
    page.locator("#name").fill("Nina Neighbour")
    page.get_by_label("Email address").fill("nina@example.org")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Nina Neighbour now represents the initiative")).to_be_visible()
    a11y(page)

    page.goto(url + "/calendar/mine")
    a11y(page)
    page.get_by_role("link", name="Honey tasting").click()
    a11y(page)
    page.get_by_role("link", name="Sign-ups").click()
    expect(page.get_by_text("Nobody has signed up yet.")).to_be_visible()
    a11y(page)
    page.goto(url + f"/calendar/events/{event.id}/edit")
    a11y(page)
    page.goto(url + f"/calendar/events/{event.id}/cancel")
    a11y(page)
    page.get_by_label("Reason").fill("The bees are swarming.")
    page.get_by_role("button", name="Cancel the event").click()
    expect(page.get_by_text("The event is cancelled.")).to_be_visible()
    a11y(page)
    page.goto(url + "/calendar/archive")
    a11y(page)


def test_embedded_calendar_in_a_partner_page(page, live_server, committed_db):
    harbour = DistrictFactory(name="Am Hafen", slug="am-hafen")
    start = datetime.combine(local_now().date() + timedelta(days=2), time(16, 0), tzinfo=UTC)
    EventFactory(title="Harbour clean-up", start_at=start, district=harbour,
                 end_at=start + timedelta(hours=2), series_end_at=start + timedelta(hours=2))  # fmt: skip
    EventFactory(title="Old town walk", start_at=start, end_at=start + timedelta(hours=1),
                 series_end_at=start + timedelta(hours=1))  # fmt: skip
    committed_db.session.commit()
    embed = f"{live_server.url}/calendar/embed?lang=de"

    page.goto(embed)
    a11y(page)
    page.get_by_label("Stadtteil").select_option(label="Am Hafen")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**district=am-hafen**")
    expect(page.get_by_role("link", name="Old town walk")).to_have_count(0)
    expect(page.get_by_role("link", name="Harbour clean-up")).to_have_attribute("target", "_blank")
    a11y(page)
    assert page.context.cookies() == []

    # a partner's website on another origin (its own port on loopback) frames it
    partner = (
        '<!doctype html><html lang="en"><head><title>Partner</title></head><body><main>'
        f'<h1>Partner</h1><iframe title="Calendar" src="{embed}&district=am-hafen" '
        'width="600" height="600"></iframe></main></body></html>'
    )
    with partner_site(partner) as partner_url:
        page.goto(partner_url)
        frame = page.frame_locator("iframe")
        expect(frame.get_by_role("link", name="Harbour clean-up")).to_be_visible()
        a11y(page)
    assert page.context.cookies() == []


@contextmanager
def partner_site(html: str):
    """A partner's web server on 127.0.0.1 (another port: another origin) serving one page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_event_in_the_readers_language_with_the_rest_marked(page, live_server, committed_db):
    start = datetime.combine(local_now().date() + timedelta(days=5), time(16, 0), tzinfo=UTC)
    event = EventFactory(
        title="Open garden", description="We plant together.", start_at=start,
        end_at=start + timedelta(hours=2), series_end_at=start + timedelta(hours=2),
        translations={"da": {"title": "Åben have"}, "de": {"description": "Wir pflanzen."}},
    )  # fmt: skip
    committed_db.session.commit()
    page.goto(live_server.url + f"/calendar/events/{event.id}")
    expect(page.locator('h1[lang="en"]')).to_have_count(0)  # English page, the office's text
    a11y(page)
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åben have")
    expect(page.locator('.prose[lang="en"]')).to_have_text("We plant together.")
    a11y(page)
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator('h1[lang="en"]')).to_have_text("Open garden")
    expect(page.locator(".prose")).to_have_text("Wir pflanzen.")
    a11y(page)
