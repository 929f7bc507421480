"""iCalendar feeds with recurring events as one VEVENT each (RRULE + EXDATE).

Extends office/core/ical.py: entries of other modules are written as there; the office's own
recurring events keep their rule, so a calendar client shows the series as a series.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from office.core.clock import office_tz, utcnow
from office.core.ical import PRODID
from office.core.registry import CalendarEntry
from office.events.models import Event
from office.events.services import event_location, event_uid


def _calendar(name: str | None, first: datetime, last: datetime, needs_tz: bool) -> Calendar:
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
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    if needs_tz:
        cal.add_component(
            Timezone.from_tzid(
                tz.key, first_date=first.date() - timedelta(days=1), last_date=last.date()
            )
        )
    return cal


def _times(vevent: VEvent, start: datetime, end: datetime, all_day: bool) -> None:
    tz = office_tz()
    if all_day:
        # all-day: DATE values, DTEND exclusive (RFC 5545 3.6.1)
        vevent.add("dtstart", start.astimezone(tz).date())
        vevent.add("dtend", end.astimezone(tz).date())
    else:
        vevent.add("dtstart", start.astimezone(tz))
        vevent.add("dtend", end.astimezone(tz))


def _entry_vevent(entry: CalendarEntry, stamp: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", entry.title)
    _times(vevent, entry.start, entry.end, entry.all_day)
    if entry.location:
        vevent.add("location", entry.location)
    if entry.description:
        vevent.add("description", entry.description)
    if entry.url:
        vevent.add("url", entry.url)
    if entry.organiser:
        vevent.add("x-office-organiser", entry.organiser)
    vevent.add("categories", [entry.kind])
    return vevent


def _event_vevent(event: Event, url: str, stamp: datetime) -> VEvent:
    tz = office_tz()
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.updated_at)
    vevent.add("summary", event.title)
    _times(vevent, event.start_at, event.end_at, event.all_day)
    if event.rrule:
        vevent.add("rrule", vRecur.from_ical(event.rrule))
        start_local = event.start_at.astimezone(tz)
        for day in event.exdates or ():
            excluded = datetime.fromisoformat(day).date()
            if event.all_day:
                vevent.add("exdate", excluded)
            else:
                vevent.add("exdate", datetime.combine(excluded, start_local.timetz()))
    if event_location(event):
        vevent.add("location", event_location(event))
    description = event.description
    if event.accessibility:
        description = f"{description}\n\n{event.accessibility}".strip()
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    if event.organiser:
        vevent.add("x-office-organiser", event.organiser)
    vevent.add("categories", ["event"] + [t.slug for t in event.topics])
    if event.status == "cancelled":
        vevent.add("status", "CANCELLED")
    return vevent


def build_feed(
    entries: Iterable[CalendarEntry],
    events: Iterable[tuple[Event, str]] = (),
    name: str | None = None,
) -> bytes:
    """A VCALENDAR with other modules' entries and the office's events (series kept whole)."""
    entries = list(entries)
    events = list(events)
    starts = [e.start for e in entries] + [e.start_at for e, _url in events]
    ends = [e.end for e in entries] + [e.series_end_at for e, _url in events]
    needs_tz = any(not e.all_day for e in entries) or any(not e.all_day for e, _u in events)
    cal = _calendar(name, min(starts, default=utcnow()), max(ends, default=utcnow()), needs_tz)
    stamp = utcnow()
    for entry in entries:
        cal.add_component(_entry_vevent(entry, stamp))
    for event, url in events:
        cal.add_component(_event_vevent(event, url, stamp))
    return cal.to_ical()


def event_ics(entries: list[CalendarEntry]) -> bytes:
    return build_feed(entries)
