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


def test_a_feed_built_again_reuses_unchanged_vevents_and_shows_a_changed_one(app, db, monkeypatch):
    import dataclasses

    import time_machine

    from office.core import ical

    built = []
    real = ical.entry_vevent
    monkeypatch.setattr(ical, "entry_vevent", lambda e, stamp: built.append(e.uid) or real(e, stamp))
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    kept, changed = (
        CalendarEntry(uid=f"{n}@office", title=n, start=start, end=start, url="", kind="course")
        for n in ("kept-entry", "changed-entry")
    )
    with time_machine.travel(datetime(2026, 5, 1, 12, 0, tzinfo=UTC)):
        build_calendar([kept, changed])
    renamed = dataclasses.replace(changed, title="Renamed")
    with time_machine.travel(datetime(2026, 5, 2, 12, 0, tzinfo=UTC)):
        text = build_calendar([kept, renamed])
    assert built == ["kept-entry@office", "changed-entry@office", "changed-entry@office"]
    events = Calendar.from_ical(text).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["kept-entry", "Renamed"]
    assert [e.decoded("DTSTAMP") for e in events] == [datetime(2026, 5, 2, 12, 0, tzinfo=UTC)] * 2
    assert text.count(b"DTSTAMP:") == 2
