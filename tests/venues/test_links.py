"""Course runs and board meetings at a venue: picked by staff, shown with the venue's address and
access on their pages, in the calendar, its feed (LOCATION) and the JSON-LD; the calendar's
access filter applies to every kind of entry by its venue."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.core.clock import local_now
from office.courses.models import CourseRun
from office.governance.models import BoardMeeting
from office.processes.models import Phase
from office.venues.models import VenueStatus
from tests.courses.factories import CourseFactory, RunFactory
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.processes.factories import ProcessFactory
from tests.schema_org import check_event, json_ld_of
from tests.venues.factories import VenueFactory

#: within the board's feed (a year back, three ahead)
MEETING_FORM = {"title": "Board meeting", "starts_at": "2027-03-12T18:00",
                "ends_at": "2027-03-12T20:00", "public": "y"}  # fmt: skip


def _unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")


def _run_form(first_day: date, **overrides) -> dict:
    return {
        "first_day": first_day.isoformat(), "start_time": "09:00", "end_time": "16:00",
        "capacity": "24", "min_participants": "18", "lead_days": "10", "published": "y",
        "confirmed": "yes", **overrides,
    }  # fmt: skip


@pytest.fixture
def library(db):
    return VenueFactory(name="Library", street="Am Kanal 47", step_free=True, hearing_loop=True)


def test_staff_pick_a_venue_for_a_course_run_shown_everywhere(client, login_as, db, library):
    login_as("office_staff")
    course = CourseFactory(title="Moderation")
    first = local_now().date() + timedelta(days=40)
    data = _run_form(first, venue_id=str(library.id), venue="Room 2")
    response = client.post(f"/courses/manage/courses/{course.id}/runs/new", data=data)
    assert response.status_code == 302
    run = db.session.scalar(sa.select(CourseRun))
    assert run.directory_venue == library and run.venue == "Room 2"
    page = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f"/venues/{library.id}" in page and "Am Kanal 47, 14467 Potsdam" in page
    assert "Room 2" in page and "Step-free access" in page and "Hearing loop" in page
    [event] = json_ld_of(page)
    check_event(event)
    assert event["location"]["name"] == "Library"
    assert event["location"]["address"]["streetAddress"] == "Am Kanal 47"
    features = {f["name"]: f["value"] for f in event["location"]["amenityFeature"]}
    assert features["Step-free access"] is True and features["Quiet room"] is False
    ics = _unfolded(client.get(f"/courses/runs/{run.id}.ics").get_data(as_text=True))
    assert "LOCATION:Library\\, Am Kanal 47\\, 14467 Potsdam · Room 2" in ics
    feed = _unfolded(client.get(f"/calendar.ics?kind=course&from={first}").get_data(as_text=True))
    assert "LOCATION:Library\\, Am Kanal 47\\, 14467 Potsdam · Room 2" in feed
    listing = client.get(f"/calendar/list?from={first}&kind=course").get_data(as_text=True)
    assert "Library, Am Kanal 47, 14467 Potsdam" in listing
    api = client.get("/api/v1/courses").get_json()
    [api_run] = [r for c in api["courses"] for r in c["runs"]]
    assert api_run["access"] == ["step_free", "hearing_loop"]


def test_course_run_at_an_unpublished_venue_is_refused(client, login_as, db):
    login_as("office_staff")
    course = CourseFactory()
    hidden = VenueFactory(status=VenueStatus.PENDING)
    first = local_now().date() + timedelta(days=40)
    data = _run_form(first, venue_id=str(hidden.id))
    response = client.post(f"/courses/manage/courses/{course.id}/runs/new", data=data)
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CourseRun)) == 0


def test_course_run_without_a_venue_keeps_its_place_in_words(client, db):
    run = RunFactory(venue="Rathaus, Saal 2")
    page = client.get(f"/courses/{run.course.slug}").get_data(as_text=True)
    assert "Rathaus, Saal 2" in page and "access-list" not in page
    [event] = json_ld_of(page)
    assert event["location"]["name"] == "Rathaus, Saal 2"


def test_staff_pick_a_venue_for_a_board_meeting_shown_everywhere(client, login_as, db, library):
    login_as("office_staff")
    data = MEETING_FORM | {"venue_id": str(library.id), "location": "Reading room"}
    assert client.post("/board/meetings/new", data=data).status_code == 302
    meeting = db.session.scalar(sa.select(BoardMeeting))
    assert meeting.venue == library and meeting.location == "Reading room"
    client.post("/logout")
    page = client.get(f"/board/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/venues/{library.id}" in page and "Am Kanal 47, 14467 Potsdam" in page
    assert "Reading room" in page and "Hearing loop" in page
    [event] = json_ld_of(page)
    check_event(event)
    assert event["location"]["name"] == "Library"
    assert event["startDate"] == "2027-03-12T18:00:00+01:00"
    ics = _unfolded(client.get("/board/meetings.ics").get_data(as_text=True))
    assert "LOCATION:Library\\, Am Kanal 47\\, 14467 Potsdam · Reading room" in ics
    listing = client.get("/calendar/list?from=2027-03-12&kind=board").get_data(as_text=True)
    assert "Library, Am Kanal 47, 14467 Potsdam" in listing


def test_board_meeting_at_an_unpublished_venue_is_refused(client, login_as, db):
    login_as("office_staff")
    hidden = VenueFactory(status=VenueStatus.PENDING)
    response = client.post("/board/meetings/new", data=MEETING_FORM | {"venue_id": str(hidden.id)})
    assert response.status_code in (200, 422)
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BoardMeeting)) == 0


def test_board_meeting_in_words_keeps_its_place_and_json_ld(client, db):
    meeting = BoardMeeting(
        title="Board", starts_at=datetime(2030, 3, 12, 17, tzinfo=UTC),
        ends_at=datetime(2030, 3, 12, 19, tzinfo=UTC), location="Rathaus, Raum 3.025",
    )  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    page = client.get(f"/board/meetings/{meeting.id}").get_data(as_text=True)
    assert "Rathaus, Raum 3.025" in page
    [event] = json_ld_of(page)
    check_event(event)


# --- the calendar's access filter, per kind of entry ---------------------------------------

DAY = date(2030, 3, 12)


@pytest.fixture
def places(db):
    step_free = VenueFactory(name="Library", step_free=True, hearing_loop=True)
    stairs = VenueFactory(name="Cellar club")
    archived = VenueFactory(name="Old hall", step_free=True, status=VenueStatus.ARCHIVED)
    return step_free, stairs, archived


def _listing(client, kind: str, *access: str) -> str:
    query = "".join(f"&access={a}" for a in access)
    return client.get(f"/calendar/list?from={DAY}&kind={kind}{query}").get_data(as_text=True)


def _meeting(db, title, venue=None, location=""):
    start = datetime(2030, 3, 12, 17, tzinfo=UTC)
    db.session.add(BoardMeeting(title=title, starts_at=start, ends_at=start + timedelta(hours=2),
                                venue=venue, location=location))  # fmt: skip
    db.session.flush()


def _run(title, venue=None, place=""):
    course = CourseFactory(title=title)
    return RunFactory(course=course, first_day=DAY, last_day=DAY, directory_venue=venue,
                      venue=place, lead_days=0)  # fmt: skip


def test_access_filter_keeps_office_events_at_step_free_venues(client, places):
    step_free, stairs, archived = places
    start = datetime(2030, 3, 12, 17, tzinfo=UTC)
    EventFactory(title="Reading circle", start_at=start, venue=step_free)
    EventFactory(title="Cellar concert", start_at=start, venue=stairs)
    EventFactory(title="Old hall party", start_at=start, venue=archived)
    page = _listing(client, "event", "step_free")
    assert "Reading circle" in page and "Cellar concert" not in page
    assert "Old hall party" not in page  # an archived venue's facts are not vouched for


def test_access_filter_keeps_initiatives_events_at_step_free_venues(client, places):
    step_free, stairs, _archived = places
    start = datetime(2030, 3, 12, 17, tzinfo=UTC)
    readers = InitiativeFactory(name="Readers")
    EventFactory(title="Readers meet", start_at=start, venue=step_free, initiative=readers,
                 organiser_kind="initiative")  # fmt: skip
    EventFactory(title="Readers downstairs", start_at=start, venue=stairs, initiative=readers,
                 organiser_kind="initiative")  # fmt: skip
    page = _listing(client, "event", "step_free", "hearing_loop")
    assert "Readers meet" in page and "Readers downstairs" not in page
    assert "Readers meet" not in _listing(client, "event", "step_free", "quiet_room")


def test_access_filter_keeps_course_runs_at_step_free_venues(client, places):
    step_free, stairs, _archived = places
    _run("Moderation", step_free)
    _run("Facilitation", stairs)
    _run("Mediation", place="Rathaus")
    assert "Facilitation" in _listing(client, "course")  # unfiltered, all three are there
    page = _listing(client, "course", "step_free")
    assert "Moderation" in page and "Facilitation" not in page and "Mediation" not in page
    feed = client.get(f"/calendar.ics?kind=course&access=step_free&from={DAY}")
    assert "Moderation" in feed.get_data(as_text=True)
    assert "Facilitation" not in feed.get_data(as_text=True)


def test_access_filter_keeps_board_meetings_at_step_free_venues(client, db, places):
    step_free, stairs, _archived = places
    _meeting(db, "Spring meeting", step_free)
    _meeting(db, "Cellar meeting", stairs)
    _meeting(db, "Town hall meeting", location="Rathaus")
    assert "Cellar meeting" in _listing(client, "board")
    page = _listing(client, "board", "hearing_loop")
    assert "Spring meeting" in page and "Cellar meeting" not in page
    assert "Town hall meeting" not in page


def test_access_filter_drops_process_meetings_that_name_no_venue(client, db, places):
    process = ProcessFactory(title="Harbour plan", is_public=True)
    db.session.add(Phase(process=process, title="Open forum", starts_on=DAY, ends_on=DAY,
                         is_public_meeting=True, location="Rathaus"))  # fmt: skip
    db.session.flush()
    assert "Open forum" in _listing(client, "process")
    assert "Open forum" not in _listing(client, "process", "step_free")


def test_access_filter_with_all_kinds_keeps_only_step_free_entries(client, db, places):
    step_free, stairs, _archived = places
    start = datetime(2030, 3, 12, 17, tzinfo=UTC)
    EventFactory(title="Reading circle", start_at=start, venue=step_free)
    EventFactory(title="Cellar concert", start_at=start, venue=stairs)
    _run("Moderation", step_free)
    _run("Facilitation", stairs)
    _meeting(db, "Spring meeting", step_free)
    _meeting(db, "Cellar meeting", stairs)
    page = client.get(f"/calendar/list?from={DAY}&access=step_free").get_data(as_text=True)
    for title in ("Reading circle", "Moderation", "Spring meeting"):
        assert title in page
    for title in ("Cellar concert", "Facilitation", "Cellar meeting"):
        assert title not in page
    api = client.get("/api/v1/events?from=2030-03-01&to=2030-03-31&access=step_free").get_json()
    assert {i["title"] for i in api["items"]} == {"Reading circle", "Moderation", "Spring meeting"}


def test_access_filter_keeps_assembly_sessions_at_step_free_venues(db, places):
    from office.events.queries import CalendarFilter, calendar_entries
    from tests.assemblies.factories import SELECTED_AT, planned_session, selected_assembly

    step_free, stairs, _archived = places
    assembly = selected_assembly(published=True, title="Citizens' assembly")
    planned_session(assembly, days=7, title="At the library", venue_id=step_free.id)
    planned_session(assembly, days=8, title="In the cellar", venue_id=stairs.id)
    window = (SELECTED_AT, SELECTED_AT + timedelta(days=30))
    everything = calendar_entries(*window, CalendarFilter(kinds={"assembly"}))
    assert len(everything) == 2
    kept = calendar_entries(*window, CalendarFilter(kinds={"assembly"}, access={"step_free"}))
    assert [e.title for e in kept] == ["Citizens' assembly: At the library"]
