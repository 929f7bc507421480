"""iCalendar (RFC 5545) output for any CalendarEntry: single .ics files and feeds.

`new_calendar`, `add_times` and `entry_vevent` are the building blocks; the events module uses
them for its feeds, which add recurring series (RRULE, EXDATE) of its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from icalendar import Calendar, Event, Timezone

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
    name: str | None, first: datetime, last: datetime, needs_tz: bool,
    feed: FeedInfo | None = None,
) -> Calendar:  # fmt: skip
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


def build_calendar(entries: Iterable[CalendarEntry], name: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per entry, times in the office's zone with its VTIMEZONE."""
    entries = list(entries)
    cal = new_calendar(
        name,
        min((e.start for e in entries), default=utcnow()),
        max((e.end for e in entries), default=utcnow()),
        needs_tz=any(not e.all_day for e in entries),
    )
    stamp = utcnow()
    for entry in entries:
        cal.add_component(entry_vevent(entry, stamp))
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
