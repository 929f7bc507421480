"""iCalendar feeds with recurring events as one VEVENT each (RRULE + EXDATE).

Built on office/core/ical.py: entries of other modules are written as there; the office's own
recurring events keep their rule, so a calendar client shows the series as a series.
"""

from collections.abc import Iterable
from datetime import datetime

from icalendar import Event as VEvent
from icalendar import vRecur

from office.core.clock import office_tz, utcnow
from office.core.ical import add_times, entry_vevent, new_calendar
from office.core.registry import CalendarEntry
from office.events.models import Event
from office.events.queries import event_location, event_uid


def _event_vevent(event: Event, url: str, stamp: datetime) -> VEvent:
    tz = office_tz()
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.updated_at)
    vevent.add("summary", event.title)
    add_times(vevent, event.start_at, event.end_at, event.all_day)
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
    cal = new_calendar(
        name, min(starts, default=utcnow()), max(ends, default=utcnow()), needs_tz, refresh=True
    )
    stamp = utcnow()
    for entry in entries:
        cal.add_component(entry_vevent(entry, stamp))
    for event, url in events:
        cal.add_component(_event_vevent(event, url, stamp))
    return cal.to_ical()


def event_ics(entries: list[CalendarEntry]) -> bytes:
    return build_feed(entries)
