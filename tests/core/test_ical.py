from datetime import UTC, datetime

from icalendar import Calendar

from office.core.ical import build_calendar
from office.core.registry import CalendarEntry


def test_calendar_has_timezone_and_local_times(app, db):
    entry = CalendarEntry(
        uid="course-run-1@office",
        title="Methoden",
        start=datetime(2026, 3, 28, 8, 0, tzinfo=UTC),  # 09:00 in Berlin (winter time)
        end=datetime(2026, 3, 30, 14, 0, tzinfo=UTC),  # 16:00 in Berlin (summer time)
        url="http://localhost/courses/1",
        kind="course",
    )
    cal = Calendar.from_ical(build_calendar([entry]))
    [tz] = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Berlin"
    [event] = cal.walk("VEVENT")
    assert event.decoded("DTSTART").hour == 9
    assert event.decoded("DTEND").hour == 16
    assert str(event["URL"]) == "http://localhost/courses/1"


def test_all_day_entry_uses_dates_with_exclusive_end(app, db):
    entry = CalendarEntry(
        uid="e@office",
        title="Stadtteilfest",
        start=datetime(2026, 6, 5, 22, 0, tzinfo=UTC),  # 6 June local
        end=datetime(2026, 6, 7, 22, 0, tzinfo=UTC),  # exclusive: 8 June local
        url="",
        kind="event",
        all_day=True,
    )
    [event] = Calendar.from_ical(build_calendar([entry])).walk("VEVENT")
    assert str(event.decoded("DTSTART")) == "2026-06-06"
    assert str(event.decoded("DTEND")) == "2026-06-08"
