"""Open standards out: schema.org Event JSON-LD, RFC 7986 feeds with SEQUENCE and
STATUS:CANCELLED, and the embeddable calendar."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar

from office.events import rules
from office.events.services import submission
from office.extensions import db as _db
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory, UserFactory
from tests.schema_org import check_event, json_ld_of

START = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # 18:00 in Berlin


@pytest.mark.parametrize(
    ("sequence", "before", "after", "expected"),
    [
        (None, None, ("a",), 0),  # a new event starts at 0
        (0, ("a",), ("a",), 0),  # nothing a calendar shows changed
        (0, ("a",), ("b",), 1),
        (4, ("a", "published"), ("a", "cancelled"), 5),
    ],
)
def test_next_sequence_goes_up_on_schedule_changes_only(sequence, before, after, expected):
    assert rules.next_sequence(sequence, before, after) == expected


def test_event_page_json_ld_is_a_schema_org_event(client, db):
    initiative = InitiativeFactory(name="Garden friends")
    event = EventFactory(
        title="Seed swap", start_at=START, location="Hafenstraße 3, Potsdam",
        accessibility="Step-free entrance", initiative=initiative, organiser_kind="initiative",
        capacity=20,
    )  # fmt: skip
    page = client.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    [data] = json_ld_of(page)
    check_event(data)
    assert data["startDate"] == "2030-03-12T18:00:00+01:00"
    assert data["location"]["address"]["streetAddress"] == "Hafenstraße 3, Potsdam"
    assert {"name": "accessibility", "value": "Step-free entrance"}.items() <= (
        data["location"]["amenityFeature"][0].items()
    )
    assert data["organizer"]["name"] == "Garden friends"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["offers"][0]["price"] == "0"


def test_json_ld_of_online_cancelled_event(client, db):
    event = EventFactory(
        title="Online talk </script><b>", online_url="https://meet.example.org/x",
        status="cancelled",
    )  # fmt: skip
    page = client.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert "</script><b>" not in page.split("application/ld+json")[1].split("</script>")[0]
    [data] = json_ld_of(page)
    check_event(data)
    assert data["name"] == "Online talk </script><b>"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_json_ld_of_a_series_shows_the_asked_date(client, db):
    event = EventFactory(
        start_at=START, rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=4", location="Library",
        series_end_at=START + timedelta(days=21, hours=2),
    )  # fmt: skip
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC)):
        page = client.get(f"/calendar/events/{event.id}?date=2030-03-26").get_data(as_text=True)
    [data] = json_ld_of(page)
    check_event(data)
    assert data["startDate"] == "2030-03-26T18:00:00+01:00"


def test_feed_has_rfc_7986_properties(client, db):
    DistrictFactory(slug="hafen")
    cal = Calendar.from_ical(client.get("/calendar.ics?district=hafen").data)
    assert str(cal["name"]) and str(cal["x-wr-calname"]) == str(cal["name"])
    assert str(cal["description"])
    assert str(cal["url"]).endswith("/calendar/?district=hafen")
    assert cal["refresh-interval"].params["VALUE"] == "DURATION"
    assert cal.decoded("refresh-interval") == timedelta(hours=6)


def _vevent(client, title: str):
    cal = Calendar.from_ical(client.get("/calendar.ics?from=2030-03-01&to=2030-04-30").data)
    return next(v for v in cal.walk("VEVENT") if str(v["summary"]) == title)


def test_feed_sequence_goes_up_when_time_changes_and_cancellation_stays(client, db):
    staff = UserFactory(roles=["office_staff"])
    data = submission.EventData(
        title="Clean-up", start_date=START.date(), end_date=START.date(),
        start_time=datetime(2030, 1, 1, 18).time(), end_time=datetime(2030, 1, 1, 20).time(),
        location="Park",
    )  # fmt: skip
    event = submission.save_event(staff, None, data, START)
    _db.session.commit()
    first = _vevent(client, "Clean-up")
    assert first["sequence"] == 0 and str(first["status"]) == "CONFIRMED"
    data.description = "Bring gloves"  # text only: calendars need not update the time
    submission.save_event(staff, event, data, START)
    assert event.sequence == 0
    data.start_time = datetime(2030, 1, 1, 17).time()
    submission.save_event(staff, event, data, START)
    _db.session.commit()
    assert _vevent(client, "Clean-up")["sequence"] == 1
    submission.cancel_event(staff, event, "Storm warning", START)
    _db.session.commit()
    cancelled = _vevent(client, "Clean-up")
    assert str(cancelled["status"]) == "CANCELLED" and cancelled["sequence"] == 2


def test_embed_page_has_no_cookie_and_may_be_framed(client, db):
    district = DistrictFactory(slug="hafen")
    with time_machine.travel(datetime(2030, 3, 10, tzinfo=UTC)):
        EventFactory(title="Harbour walk", start_at=START, district=district)
        EventFactory(title="Elsewhere", start_at=START)
        response = client.get("/calendar/embed?district=hafen&lang=da")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "<script" not in page and 'lang="da"' in page
    assert "Harbour walk" in page and "Elsewhere" not in page
    assert 'target="_blank"' in page


def test_embed_unknown_filter_is_400_with_a_message(client, db):
    response = client.get("/calendar/embed?district=atlantis&lang=en")
    assert response.status_code == 400
    assert "not known: district" in response.get_data(as_text=True)
    assert client.get("/calendar/embed?lang=xx").status_code == 400


def test_other_pages_still_refuse_framing(client, db):
    response = client.get("/calendar/")
    assert response.headers["X-Frame-Options"] == "DENY"

