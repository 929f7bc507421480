"""iCalendar feeds with recurring events as one VEVENT each (RRULE + EXDATE).

Built on office/core/ical.py: entries of other modules are written as there; the office's own
recurring events keep their rule, so a calendar client shows the series as a series.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from icalendar import Event as VEvent
from icalendar import vRecur

from office.core import jsonld
from office.core.clock import office_tz, utcnow
from office.core.ical import (
    FeedInfo,
    add_times,
    calendar_ical,
    entry_ical,
    new_calendar,
    vevent_ical,
)
from office.core.links import absolute_url
from office.core.registry import CalendarEntry
from office.events.models import Event
from office.events.queries import event_location, event_uid
from office.venues import interface as venues


def _event_vevent(event: Event, url: str, stamp: datetime) -> VEvent:
    tz = office_tz()
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", event.sequence or 0)
    title = event.text("title")
    vevent.add("summary", title, parameters={"LANGUAGE": title.lang})
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
    description = event.text("description")
    if event.accessibility:
        description = f"{description}\n\n{event.text('accessibility')}".strip()
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    if event.organiser:
        vevent.add("x-office-organiser", event.organiser)
    vevent.add("categories", ["event"] + [t.slug for t in event.topics])
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return vevent


def event_vevent(event: Event, url: str) -> VEvent:
    """The event's VEVENT, series kept whole."""
    return _event_vevent(event, url, utcnow())


@dataclass(frozen=True, slots=True)
class KeptEvent:
    """An event of a feed by its span and its VEVENT serialised already (`vevent_ical`)."""

    start_at: datetime
    series_end_at: datetime
    all_day: bool
    ical: bytes


def build_feed(
    entries: Iterable[CalendarEntry],
    events: Iterable[tuple[Event, str]] = (),
    name: str | None = None,
    feed: FeedInfo | None = None,
    kept: Iterable[KeptEvent] = (),
) -> bytes:
    """A VCALENDAR with other modules' entries and the office's events (series kept whole),
    given as (event, url) or as `kept` VEVENTs.

    Cancelled events stay in it with STATUS:CANCELLED and a higher SEQUENCE, so that
    subscribed calendars take them out instead of keeping a stale copy.
    """
    entries = list(entries)
    events = [
        KeptEvent(e.start_at, e.series_end_at, e.all_day, _event_ical(e, url)) for e, url in events
    ] + list(kept)
    starts = [e.start for e in entries] + [e.start_at for e in events]
    ends = [e.end for e in entries] + [e.series_end_at for e in events]
    needs_tz = any(not e.all_day for e in entries) or any(not e.all_day for e in events)
    cal = new_calendar(
        name, min(starts, default=utcnow()), max(ends, default=utcnow()), needs_tz, feed
    )
    vevents = [entry_ical(entry) for entry in entries] + [e.ical for e in events]
    return calendar_ical(cal, vevents, utcnow())


def _event_ical(event: Event, url: str) -> bytes:
    """The event's VEVENT, serialised; kept while everything it shows is the same."""
    title, description = event.text("title"), event.text("description")
    facts = (
        "event",
        office_tz().key,
        event_uid(event),
        event.updated_at,
        event.sequence,
        str(title),
        title.lang,
        event.start_at,
        event.end_at,
        event.all_day,
        event.rrule,
        tuple(event.exdates or ()),
        event_location(event),
        str(description),
        event.accessibility and str(event.text("accessibility")),
        url,
        event.organiser,
        tuple(t.slug for t in event.topics),
        event.status,
    )
    return vevent_ical(facts, lambda: _event_vevent(event, url, utcnow()))


def event_ics(entries: list[CalendarEntry]) -> bytes:
    return build_feed(entries)


def _place(event: Event) -> jsonld.Place | None:
    """The event's place: its venue, its free-text address, or (neither place nor link) its
    district."""
    if event.venue is not None:
        return venues.place_of(event.venue)
    if event.location:
        street = event.location
    elif event.online_url:
        return None
    else:
        street = event.district.name if event.district else current_app.config["OFFICE_NAME"]
    return jsonld.Place(
        name=street, address=jsonld.Address(street=street), access_note=event.text("accessibility")
    )


def _offers(event: Event, url: str) -> tuple[jsonld.Offer, ...]:
    if event.registration_url or event.capacity:
        currency = current_app.config["OFFICE_CURRENCY"]
        return (jsonld.Offer(event.registration_url or url, 0, currency),)
    return ()


def event_json_ld(event: Event, start: datetime | None = None, end: datetime | None = None) -> dict:
    """The schema.org Event of the event page (of the shown date of a series)."""
    url = absolute_url("events.show", event_id=event.id)
    organiser_url = ""
    if event.initiative is not None and event.initiative.is_public:
        organiser_url = absolute_url("directory.show", initiative_id=event.initiative_id)
    data = jsonld.EventData(
        name=event.text("title"),
        start=start or event.start_at,
        end=end or event.end_at,
        url=url,
        organiser=event.organiser or current_app.config["OFFICE_NAME"],
        organiser_url=organiser_url,
        description=event.text("description"),
        all_day=event.all_day,
        cancelled=event.status == "cancelled",
        place=_place(event),
        online_url=event.online_url,
        offers=_offers(event, url),
    )
    return jsonld.event(data)
