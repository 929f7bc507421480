"""Stored occurrences: written when an event is saved, read by the calendar, extended daily."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from office.events import queries, rules
from office.events.models import EventOccurrence, OccurrenceHorizon
from office.events.queries import CalendarFilter
from office.events.services import occurrences
from tests.events.factories import EventFactory

BERLIN_19H_WINTER = datetime(2030, 3, 19, 18, 0, tzinfo=UTC)  # 19:00 CET
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db(db):
    """The daily command has run on NOW (the migration set the horizon from the real date)."""
    with time_machine.travel(NOW, tick=False):
        occurrences.extend(NOW)
        yield db


def stored(db, event) -> list[tuple[datetime, datetime]]:
    rows = db.session.execute(
        sa.select(EventOccurrence.start_at, EventOccurrence.end_at)
        .where(EventOccurrence.event_id == event.id)
        .order_by(EventOccurrence.start_at)
    )
    return [tuple(r) for r in rows]


def weekly(count: int, **kw):
    start = kw.pop("start_at", BERLIN_19H_WINTER)
    end = start + timedelta(hours=2)
    rrule = f"FREQ=WEEKLY;COUNT={count}"
    series_end = rules.series_end(start, end, rrule, BERLIN)
    return EventFactory(start_at=start, end_at=end, rrule=rrule, series_end_at=series_end, **kw)


def test_a_saved_series_is_stored_on_the_wall_clock_across_the_change_to_summer_time(db):
    event = weekly(3)
    db.session.flush()
    starts = [s for s, _ in stored(db, event)]
    # 19:00 in Berlin: 18:00 UTC in winter, 17:00 UTC after 31 March 2030
    assert starts == [
        datetime(2030, 3, 19, 18, tzinfo=UTC),
        datetime(2030, 3, 26, 18, tzinfo=UTC),
        datetime(2030, 4, 2, 17, tzinfo=UTC),
    ]


def test_changed_times_and_exceptions_change_the_stored_rows(db):
    event = weekly(3)
    db.session.flush()
    event.exdates = ["2030-03-26"]
    event.end_at = event.start_at + timedelta(hours=3)
    db.session.flush()
    rows = stored(db, event)
    assert [s.date() for s, _ in rows] == [date(2030, 3, 19), date(2030, 4, 2)]
    assert all(e - s == timedelta(hours=3) for s, e in rows)
    event.rrule = ""
    db.session.flush()
    assert [s for s, _ in stored(db, event)] == [event.start_at]


def test_a_deleted_event_takes_its_occurrences_along(db):
    event = weekly(3)
    db.session.flush()
    db.session.delete(event)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventOccurrence)) == 0


def test_a_series_past_the_horizon_shows_whole_and_the_daily_command_stores_the_rest(db, app):
    horizon = rules.occurrence_horizon(NOW, BERLIN)
    first_day = (horizon - timedelta(days=14)).astimezone(BERLIN).date()
    start = datetime.combine(first_day, time(19), BERLIN)  # series crosses 30 March 2031
    event = weekly(6, start_at=start)
    db.session.flush()
    assert len(stored(db, event)) == 2  # the two before the horizon
    window = (horizon - timedelta(days=20), horizon + timedelta(days=40))
    shown = queries.calendar_entries(*window, CalendarFilter())
    assert [e.start for e in shown if e.uid.startswith(f"event-{event.id}@")] == [
        datetime.combine(first_day + timedelta(weeks=i), time(19), BERLIN) for i in range(6)
    ]
    assert occurrences.extend(NOW + timedelta(days=30)) == 4
    assert occurrences.extend(NOW + timedelta(days=30)) == 0  # a second server: no work left
    assert len(stored(db, event)) == 6
    assert db.session.get(OccurrenceHorizon, 1).until > horizon
    assert queries.calendar_entries(*window, CalendarFilter()) == shown


def test_long_occurrences_are_found_by_windows_inside_them(db):
    start = datetime(2030, 6, 1, 8, tzinfo=UTC)
    EventFactory(start_at=start, end_at=start + timedelta(days=20), title="Festival")
    db.session.flush()
    inside = (start + timedelta(days=15), start + timedelta(days=16))
    assert [e.title for e in queries.calendar_entries(*inside, CalendarFilter())] == ["Festival"]
