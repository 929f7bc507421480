from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from dateutil.rrule import rrulestr
from icalendar import Calendar

from office.events.models import Event, EventSignup
from office.extensions import db as _db
from tests.directory.factories import InitiativeFactory
from tests.directory.test_views import count_queries
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory, TopicFactory

WEEKLY_START = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # Tuesdays 18:00 in Berlin


@pytest.fixture
def calendar_data(db):
    district = DistrictFactory(slug="hafen")
    topic = TopicFactory(slug="garden")
    weekly = EventFactory(
        title="Garden evening",
        start_at=WEEKLY_START,
        end_at=WEEKLY_START + timedelta(hours=2),
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        exdates=["2030-03-19"],
        series_end_at=WEEKLY_START + timedelta(days=35, hours=2),
        district=district,
        topics=[topic],
    )
    festival = EventFactory(
        title="Harbour festival",
        all_day=True,
        start_at=datetime(2030, 3, 20, 23, 0, tzinfo=UTC),  # 21 March local midnight
        end_at=datetime(2030, 3, 22, 23, 0, tzinfo=UTC),  # two days, exclusive end 23 March
    )
    single = EventFactory(title="Town hall talk", start_at=datetime(2030, 3, 25, 17, 0, tzinfo=UTC))
    EventFactory(title="Waiting for review", status="pending")
    return {"weekly": weekly, "festival": festival, "single": single, "district": district}


def test_month_view_shows_occurrences_on_their_days(client, calendar_data):
    page = client.get("/calendar/?month=2030-03").get_data(as_text=True)
    assert page.count("Garden evening") == 2  # 12 and 26 March; 19 March is an exception
    assert page.count("Harbour festival") == 2  # each of its two days
    assert "Town hall talk" in page and "Waiting for review" not in page
    april = client.get("/calendar/?month=2030-04").get_data(as_text=True)
    assert april.count("Garden evening") >= 3


def test_month_view_filter_by_district(client, calendar_data):
    page = client.get("/calendar/?month=2030-03&district=hafen").get_data(as_text=True)
    assert "Garden evening" in page and "Town hall talk" not in page
    assert "/calendar.ics?district=hafen" in page


def test_week_and_list_views(client, calendar_data):
    week = client.get("/calendar/week?date=2030-03-13").get_data(as_text=True)
    assert "Garden evening" in week and "Town hall talk" not in week
    listing = client.get("/calendar/list?from=2030-03-20").get_data(as_text=True)
    assert "Harbour festival" in listing and "Town hall talk" in listing


def test_event_page_and_its_ics(client, calendar_data):
    festival = calendar_data["festival"]
    assert "Harbour festival" in client.get(f"/calendar/events/{festival.id}").get_data(
        as_text=True
    )
    cal = Calendar.from_ical(client.get(f"/calendar/events/{festival.id}.ics").data)
    [vevent] = cal.walk("VEVENT")
    assert vevent.decoded("dtstart") == date(2030, 3, 21)
    assert vevent.decoded("dtend") == date(2030, 3, 23)  # exclusive end of a two-day event
    assert str(vevent["url"]).endswith(f"/calendar/events/{festival.id}")


def test_pending_event_page_is_404_for_public(client, calendar_data):
    pending = _db.session.scalar(sa.select(Event).filter_by(status="pending"))
    assert client.get(f"/calendar/events/{pending.id}").status_code == 404


def _feed_occurrences(body: bytes, window_start: datetime, window_end: datetime) -> set:
    cal = Calendar.from_ical(body)
    found = set()
    for vevent in cal.walk("VEVENT"):
        start = vevent.decoded("dtstart")
        end = vevent.decoded("dtend")
        all_day = not isinstance(start, datetime)
        uid = str(vevent["uid"])
        if "RRULE" in vevent:
            excluded = set()
            exdates = vevent.get("exdate", [])
            for group in exdates if isinstance(exdates, list) else [exdates]:
                excluded |= {d.dt for d in group.dts}
            rule = rrulestr(vevent["rrule"].to_ical().decode(), dtstart=start)
            starts = [
                s
                for s in rule.between(window_start - (end - start), window_end, inc=True)
                if s not in excluded
            ]
        else:
            starts = [start]
        for s in starts:
            found.add((uid, s.isoformat()[:10] if all_day else s.astimezone(UTC).isoformat()))
    return found


def test_feed_occurrences_match_json_api(client, calendar_data):
    window = "from=2030-03-01&to=2030-05-01"
    api = client.get(f"/api/v1/events?{window}").get_json()["items"]
    from_api = {
        (
            e["uid"],
            e["start"][:10]
            if e["all_day"]
            else datetime.fromisoformat(e["start"]).astimezone(UTC).isoformat(),
        )
        for e in api
    }
    response = client.get(f"/calendar.ics?{window}")
    assert response.mimetype == "text/calendar"
    start = datetime(2030, 2, 28, 23, 0, tzinfo=UTC)
    from_feed = _feed_occurrences(response.data, start, datetime(2030, 4, 30, 22, 0, tzinfo=UTC))
    assert from_feed == from_api
    assert (
        len([x for x in from_api if x[0].startswith(f"event-{calendar_data['weekly'].id}@")]) == 5
    )


def test_feed_has_timezone_and_rrule_with_exdate(client, calendar_data):
    cal = Calendar.from_ical(client.get("/calendar.ics?from=2030-03-01&to=2030-05-01").data)
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    weekly = next(v for v in cal.walk("VEVENT") if v["summary"] == "Garden evening")
    assert weekly["dtstart"].params["TZID"] == "Europe/Berlin"
    assert weekly["rrule"]["COUNT"] == [6]
    assert weekly.decoded("exdate").dts[0].dt.date() == date(2030, 3, 19)


def test_feed_filtered_by_district_and_topic(client, calendar_data):
    cal = Calendar.from_ical(
        client.get("/calendar.ics?district=hafen&topic=garden&from=2030-03-01&to=2030-05-01").data
    )
    assert [str(v["summary"]) for v in cal.walk("VEVENT")] == ["Garden evening"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2030-05-01&to=2030-03-01", "'from' must be before 'to'"),
        ("from=2030-01-01&to=2031-03-01", "at most 366 days"),
        ("from=yesterday", "must be a date"),
        ("district=atlantis", "unknown district"),
    ],
)
def test_api_bad_range_or_filter_is_json_400(client, query, message):
    for path in ("/api/v1/events", "/calendar.ics"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.get_json()["error"]


def test_api_expands_recurring_events_within_range(client, calendar_data):
    items = client.get("/api/v1/events?from=2030-03-20&to=2030-04-01").get_json()["items"]
    garden = [i["start"] for i in items if i["title"] == "Garden evening"]
    assert garden == ["2030-03-26T18:00:00+01:00"]
    assert next(i for i in items if i["title"] == "Garden evening")["districts"] == ["hafen"]


def test_openapi_describes_events_and_feed(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "/api/v1/events" in paths and "/calendar.ics" in paths
    names = [p["name"] for p in paths["/api/v1/events"]["get"]["parameters"]]
    assert {"from", "to", "district", "topic"} <= set(names)


def _event_form(**overrides):
    return {
        "title": "Open garden",
        "initiative": "",
        "organiser_kind": "office",
        "start_date": "2030-03-12",
        "start_time": "18:00",
        "end_date": "2030-03-12",
        "end_time": "20:00",
        "district": "",
        "frequency": "none",
        "repeat_interval": "1",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "17:00"}, "The end must be after the start."),
        ({"frequency": "weekly"}, "A repeating event needs an end"),
        ({"district": "987654"}, "Not a valid choice"),
        ({"exdates": "next tuesday"}, "is not a date like"),
    ],
)
def test_new_event_bad_input_is_form_error_nothing_stored(client, db, login_as, overrides, message):
    login_as("office_staff")
    response = client.post("/calendar/new", data=_event_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_staff_publishes_office_event(client, db, login_as):
    login_as("office_staff")
    response = client.post("/calendar/new", data=_event_form(frequency="weekly", repeat_count="4"))
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert event.status == "published" and event.rrule.endswith("COUNT=4")
    assert client.get(f"/calendar/events/{event.id}/edit").status_code == 200


def test_rep_cannot_edit_other_initiatives_event(client, db, login_as):
    login_as("initiative_rep")
    other = EventFactory(initiative=InitiativeFactory(), organiser_kind="initiative")
    assert client.get(f"/calendar/events/{other.id}/edit").status_code == 404
    assert client.get("/calendar/moderation").status_code == 403


def test_signup_form_on_event_page(client, db, outbox):
    event = EventFactory(capacity=1, start_at=datetime.now(UTC) + timedelta(days=3))
    event.end_at = event.start_at + timedelta(hours=1)
    event.series_end_at = event.end_at
    db.session.commit()
    day = (
        event.start_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
        .date()
        .isoformat()
    )
    response = client.post(
        f"/calendar/events/{event.id}",
        data={"occurrence": day, "name": "Ann", "email": "ann@example.org"},
    )
    assert response.status_code == 302 and outbox.to("ann@example.org")
    again = client.post(
        f"/calendar/events/{event.id}",
        data={"occurrence": day, "name": "Ben", "email": "ben@example.org"},
    )
    assert "fully booked" in again.get_data(as_text=True)


def test_list_view_stops_after_a_full_day_past_the_limit(client, db, monkeypatch):
    from office.events.views import calendar as calendar_views

    monkeypatch.setattr(calendar_views, "LIST_MAX_ENTRIES", 2)
    for day in (12, 12, 12, 13, 14):
        EventFactory(
            title=f"Meeting on the {day}th", start_at=datetime(2030, 3, day, 17, tzinfo=UTC)
        )
    page = client.get("/calendar/list?from=2030-03-10").get_data(as_text=True)
    assert page.count("Meeting on the 12th") == 3 and "Meeting on the 13th" not in page
    assert "from=2030-03-13" in page  # "Later" starts the next day


def test_archive_lists_past_events(client, db):
    EventFactory(title="Spring fair 2020", start_at=datetime(2020, 5, 1, 10, tzinfo=UTC),
                 end_at=datetime(2020, 5, 1, 12, tzinfo=UTC), series_end_at=datetime(2020, 5, 1, 12, tzinfo=UTC))  # fmt: skip
    EventFactory(title="Future fair")
    page = client.get("/calendar/archive").get_data(as_text=True)
    assert "Spring fair 2020" in page and "Future fair" not in page


def test_calendar_in_danish(client, calendar_data):
    page = client.get("/calendar/?month=2030-03", headers={"Accept-Language": "da"}).get_data(
        as_text=True
    )
    assert "marts 2030" in page and "Kalender" in page


def _seed_events(n, district):
    for i in range(n):
        EventFactory(
            district=district,
            topics=[TopicFactory()],
            rrule="FREQ=WEEKLY;COUNT=4" if i % 3 == 0 else "",
            series_end_at=WEEKLY_START + timedelta(days=22),
            initiative=InitiativeFactory() if i % 2 else None,
            organiser_kind="initiative" if i % 2 else "office",
        )
    _db.session.flush()


def test_month_view_has_constant_query_count(client, db):
    district = DistrictFactory()
    _seed_events(3, district)
    client.get("/calendar/?month=2030-03")
    with count_queries() as small:
        client.get("/calendar/?month=2030-03")
    _seed_events(30, district)
    with count_queries() as large:
        page = client.get("/calendar/?month=2030-03").get_data(as_text=True)
    # 12 March: 33 events, five shown and the rest behind a link; 19 and 26 March: 11 series
    assert page.count("entry-event") == 15
    assert "28 more" in page and "6 more" in page
    assert len(large) == len(small)


def test_signup_list_for_organisers_only(client, db, login_as):
    from office.directory.models import Representative

    initiative = InitiativeFactory()
    event = EventFactory(capacity=5, initiative=initiative, organiser_kind="initiative")
    _db.session.add(
        EventSignup(
            event=event, occurrence_start=event.start_at, name="Ann", email="ann@example.org"
        )
    )
    assert client.get(f"/calendar/events/{event.id}/signups").status_code == 302  # to login
    user = login_as("initiative_rep")
    assert client.get(f"/calendar/events/{event.id}/signups").status_code == 404
    initiative.representatives.append(Representative(user=user))
    _db.session.flush()
    assert "ann@example.org" in client.get(f"/calendar/events/{event.id}/signups").get_data(
        as_text=True
    )


def test_series_page_shows_linked_date(client, calendar_data):
    weekly = calendar_data["weekly"]
    page = client.get(f"/calendar/events/{weekly.id}?date=2030-03-26").get_data(as_text=True)
    when = page.split("<dt>When</dt>")[1].split("</dd>")[0]
    assert "26 March 2030" in when


def test_rep_cancels_own_event_not_others(client, db, login_as):
    from office.directory.models import Representative

    user = login_as("initiative_rep")
    mine = InitiativeFactory()
    mine.representatives.append(Representative(user=user))
    event = EventFactory(initiative=mine, organiser_kind="initiative")
    other = EventFactory(initiative=InitiativeFactory(), organiser_kind="initiative")
    db.session.commit()
    assert client.get(f"/calendar/events/{other.id}/cancel").status_code == 404
    response = client.post(f"/calendar/events/{event.id}/cancel", data={"reason": "Rain."})
    assert response.status_code == 302 and event.status == "cancelled"
    assert "Cancelled" in client.get(f"/calendar/events/{event.id}").get_data(as_text=True)


def test_home_page_shows_what_comes_next_and_a_new_event_at_once(client, db):
    from office.core.clock import utcnow
    from tests.events.factories import EventFactory

    soon = utcnow().replace(microsecond=0) + timedelta(hours=2)
    EventFactory(title="Street party in the old town", start_at=soon)
    EventFactory(title="Far future meeting", start_at=soon + timedelta(days=30))
    EventFactory(title="Still a draft", start_at=soon, status="pending")
    html = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Demnächst" in html and "Street party in the old town" in html
    assert "Far future meeting" not in html and "Still a draft" not in html

    EventFactory(title="Repair café", start_at=soon + timedelta(hours=1))
    html = client.get("/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Snart" in html and "Repair café" in html


def test_home_page_says_when_nothing_is_coming(client, db):
    html = client.get("/").get_data(as_text=True)
    assert "Nothing in the calendar for the next days." in html


def test_feed_of_a_district_leaves_out_course_runs_without_reading_them(client, calendar_data):
    from tests.courses.factories import CourseFactory, RunFactory

    RunFactory(course=CourseFactory(title="Moderation basics"), first_day=date(2030, 3, 20))
    _db.session.commit()
    window = "from=2030-03-01&to=2030-05-01"
    everything = Calendar.from_ical(client.get(f"/calendar.ics?{window}").data)
    assert "Moderation basics" in [str(v["summary"]) for v in everything.walk("VEVENT")]
    with count_queries() as statements:
        district = Calendar.from_ical(client.get(f"/calendar.ics?district=hafen&{window}").data)
    assert "Moderation basics" not in [str(v["summary"]) for v in district.walk("VEVENT")]
    assert not [s for s in statements if "FROM course_runs" in s]


def test_list_view_built_to_the_limit_keeps_whole_days_and_multi_day_events(
    client, db, monkeypatch
):
    from office.events.views import calendar as calendar_views

    monkeypatch.setattr(calendar_views, "LIST_MAX_ENTRIES", 2)
    EventFactory(
        title="Three-day fair",
        start_at=datetime(2030, 3, 11, 9, tzinfo=UTC),
        end_at=datetime(2030, 3, 13, 17, tzinfo=UTC),
    )
    for title in ("Talk one", "Talk two"):
        EventFactory(title=title, start_at=datetime(2030, 3, 12, 17, tzinfo=UTC))
    EventFactory(title="Later talk", start_at=datetime(2030, 3, 14, 17, tzinfo=UTC))
    page = client.get("/calendar/list?from=2030-03-10").get_data(as_text=True)
    assert page.count("Three-day fair") == 2  # 11 and 12 March; the list stops after the 12th
    assert "Talk one" in page and "Talk two" in page and "Later talk" not in page
    assert "from=2030-03-13" in page
