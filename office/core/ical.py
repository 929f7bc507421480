"""iCalendar (RFC 5545) output for any CalendarEntry: single .ics files and feeds."""

from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from icalendar import Calendar, Event, Timezone

from office.core.clock import office_tz, utcnow
from office.core.registry import CalendarEntry

PRODID = "-//participation-office//office//EN"


def _timezone_component(tzid: str, entries: list[CalendarEntry]):
    first = min((e.start for e in entries), default=utcnow())
    last = max((e.end for e in entries), default=utcnow())
    return Timezone.from_tzid(
        tzid, first_date=first.date() - timedelta(days=1), last_date=last.date()
    )


def build_calendar(entries: Iterable[CalendarEntry], name: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per entry, times in the office's zone with its VTIMEZONE."""
    entries = list(entries)
    tz = office_tz()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = name or current_app.config["OFFICE_NAME"]
    cal.add("x-wr-calname", title)
    cal.add("name", title)
    cal.add("x-wr-timezone", tz.key)
    if any(not e.all_day for e in entries):
        cal.add_component(_timezone_component(tz.key, entries))
    stamp = utcnow()
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        if entry.all_day:
            # all-day: DATE values, DTEND exclusive (RFC 5545 3.6.1)
            event.add("dtstart", entry.start.astimezone(tz).date())
            event.add("dtend", entry.end.astimezone(tz).date())
        else:
            event.add("dtstart", entry.start.astimezone(tz))
            event.add("dtend", entry.end.astimezone(tz))
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        if entry.organiser:
            event.add("x-office-organiser", entry.organiser)
        event.add("categories", [entry.kind])
        cal.add_component(event)
    return cal.to_ical()


def ics_response(entries: Iterable[CalendarEntry], filename: str, name: str | None = None):
    """A Flask response with a .ics file (text/calendar)."""
    from flask import Response

    body = build_calendar(entries, name=name)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
