"""iCalendar (RFC 5545) output for any CalendarEntry: single .ics files and feeds.

`new_calendar`, `add_times` and `entry_vevent` are the building blocks; the events module uses
them for its feeds, which add recurring series (RRULE, EXDATE) of its own.

A feed is rebuilt whenever the calendar changes, but most of its VEVENTs stay the same: each is
kept serialised (`vevent_ical`) under everything it shows, so only a changed entry or event is
built again with `icalendar`, and `calendar_ical` writes the kept ones into the calendar's text.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from icalendar import Calendar, Event, Timezone, vDatetime

from office.core.cache import Store
from office.core.clock import office_tz, utcnow
from office.core.registry import CalendarEntry

PRODID = "-//participation-office//office//EN"

#: how often a subscribed calendar should fetch a feed again (RFC 7986 REFRESH-INTERVAL)
FEED_REFRESH = timedelta(hours=6)


@dataclass(frozen=True)
class FeedInfo:
    """What a subscribed feed says of itself (RFC 7986): its text and where it lives."""

    description: str
    url: str


def new_calendar(
    name: str | None,
    first: datetime,
    last: datetime,
    needs_tz: bool,
    feed: FeedInfo | None = None,
) -> Calendar:
    """An empty VCALENDAR in the office's time zone (with its VTIMEZONE when times are used).

    `feed` adds what subscribed feeds want (RFC 7986): DESCRIPTION, URL, and a refresh
    every six hours (REFRESH-INTERVAL, and X-PUBLISHED-TTL for older clients).
    """
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
    if feed is not None:
        _describe_feed(cal, feed)
    if needs_tz:
        cal.add_component(
            Timezone.from_tzid(
                tz.key, first_date=first.date() - timedelta(days=1), last_date=last.date()
            )
        )
    return cal


def _describe_feed(cal: Calendar, feed: FeedInfo) -> None:
    cal.add("description", feed.description)
    cal.add("url", feed.url, parameters={"VALUE": "URI"})
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", FEED_REFRESH)


def add_times(vevent: Event, start: datetime, end: datetime, all_day: bool) -> None:
    """DTSTART/DTEND in the office's zone; all-day as DATE values with exclusive DTEND."""
    tz = office_tz()
    if all_day:
        # all-day: DATE values, DTEND exclusive (RFC 5545 3.6.1)
        vevent.add("dtstart", start.astimezone(tz).date())
        vevent.add("dtend", end.astimezone(tz).date())
    else:
        vevent.add("dtstart", start.astimezone(tz))
        vevent.add("dtend", end.astimezone(tz))


def entry_vevent(entry: CalendarEntry, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("summary", entry.title)
    add_times(event, entry.start, entry.end, entry.all_day)
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    if entry.organiser:
        event.add("x-office-organiser", entry.organiser)
    event.add("categories", [entry.kind])
    return event


#: serialised VEVENTs kept per process (a few hundred bytes each): a city's calendar and more
VEVENT_CACHE_SIZE = 50_000
#: the key holds everything a VEVENT shows, so a kept one is never stale; age only frees memory
VEVENT_MAX_AGE = 24 * 3600
_vevents = Store(VEVENT_CACHE_SIZE)
_BEGIN, _END = b"BEGIN:VEVENT\r\n", b"END:VCALENDAR\r\n"


def vevent_ical(facts: tuple, build: Callable[[], Event]) -> bytes:
    """`build()`'s VEVENT serialised without DTSTAMP, kept under `facts`: everything the VEVENT
    shows (and the office's zone), so equal facts give the same text."""

    def serialise() -> bytes:
        vevent = build()
        vevent.pop("dtstamp", None)
        return vevent.to_ical()

    return _vevents.remembered(facts, VEVENT_MAX_AGE, serialise)


def is_kept(facts: tuple) -> bool:
    """Whether a VEVENT is kept under `facts` (a caller loads only what is not)."""
    return _vevents.get(facts, VEVENT_MAX_AGE) is not None


def calendar_ical(cal: Calendar, vevents: Iterable[bytes], stamp: datetime) -> bytes:
    """The calendar's text with the serialised VEVENTs, each given DTSTAMP `stamp`."""
    text = cal.to_ical()
    stamp_line = b"DTSTAMP:" + vDatetime(stamp).to_ical() + b"\r\n"
    head = text[: -len(_END)]
    parts = [head]
    for vevent in vevents:
        parts.append(_BEGIN + stamp_line + vevent[len(_BEGIN) :])
    parts.append(_END)
    return b"".join(parts)


def entry_ical(entry: CalendarEntry) -> bytes:
    """The entry's VEVENT, serialised (kept while the entry is the same)."""
    return vevent_ical(("entry", office_tz().key, entry), lambda: entry_vevent(entry, utcnow()))


def build_calendar(entries: Iterable[CalendarEntry], name: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per entry, times in the office's zone with its VTIMEZONE."""
    entries = list(entries)
    cal = new_calendar(
        name,
        min((e.start for e in entries), default=utcnow()),
        max((e.end for e in entries), default=utcnow()),
        needs_tz=any(not e.all_day for e in entries),
    )
    return calendar_ical(cal, [entry_ical(e) for e in entries], utcnow())


def ics_response(entries: Iterable[CalendarEntry], filename: str, name: str | None = None):
    """A Flask response with a .ics file (text/calendar)."""
    from flask import Response

    body = build_calendar(entries, name=name)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
