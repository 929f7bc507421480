"""The events' calendar source: occurrences read from `event_occurrences` as plain rows, and
beyond the stored horizon expanded from the rule; the coming events of an initiative or venue.

What an entry shows of an event (`EventFacts`) and an event's VEVENT in a feed are kept per
process under the event's version: its id and `updated_at` (renewed by every saved change of
the event, see `_renew_updated_at`), what it shows of its initiative, venue and topics (read as
plain rows, short), and the reader's language. A change to the calendar reads these and builds
only what changed (the long texts and the VEVENTs of changed events); a kept one is never stale.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from office.core import cache
from office.core.clock import office_tz, utcnow
from office.core.ical import is_kept, vevent_ical
from office.core.links import absolute_url
from office.core.models import Topic
from office.core.registry import CalendarEntry, calendar_source
from office.core.translations import Localized, office_locale
from office.events import rules
from office.events.documents import KeptEvent, event_vevent
from office.events.models import Event, OccurrenceHorizon, event_topics
from office.events.queries import (
    CALENDAR_TABLES,
    CalendarFilter,
    chosen,
    event_loads,
    event_location,
    event_uid,
    filtered,
    in_window,
    uid_domain,
    window_rows,
    with_others,
)
from office.extensions import db
from office.venues import interface as venues
from office.venues.models import VenueStatus
from office.venues.rules import ACCESS_FEATURES, features_of


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What a calendar entry shows of an event, read as plain rows (loading thousands of ORM
    objects with their relations cost most of a month's first build)."""

    id: int
    title: str
    description: str
    all_day: bool
    recurring: bool
    district_id: int | None
    location: str
    organiser: str
    topic_ids: tuple
    #: the access features of its published venue
    access: tuple = ()


def facts_of(event: Event) -> EventFacts:
    return EventFacts(
        event.id,
        event.text("title"),
        event.text("description"),
        event.all_day,
        bool(event.rrule),
        event.district_id,
        event_location(event),
        event.organiser,
        tuple(t.id for t in event.topics),
        venues.access_of(event.venue),
    )


def _access(row) -> tuple[str, ...]:
    """The access features of a row's venue, when it is published (`venues.access_of`)."""
    if row.venue_status != VenueStatus.PUBLISHED:
        return ()
    return features_of({name: getattr(row, f"venue_{name}") for name in ACCESS_FEATURES})


def _place(row) -> str:
    """`event_location` of a row: the venue (name, address as `Venue.address`), the place, the link."""
    venue = ""
    if row.venue_name is not None:
        address = ", ".join(
            p for p in (row.venue_street, f"{row.venue_postcode} {row.venue_city}".strip()) if p
        )
        venue = f"{row.venue_name}, {address}"
    return " · ".join(p for p in (venue, row.location, row.online_url) if p)


#: entry facts and VEVENTs kept per process: a city's calendar twice over
KEPT_SIZE = 100_000
#: the key says everything shown, so a kept value is never stale; age only frees memory
KEPT_MAX_AGE = 24 * 3600
_kept_facts = cache.Store(KEPT_SIZE)


@sa_event.listens_for(Session, "before_flush")
def _renew_updated_at(session, flush_context, instances):
    """Every saved change of an event gives it a later `updated_at` than it had, also a change
    of its topics alone and under a clock that stands still (tests): the kept facts and VEVENTs
    are filed under it."""
    with session.no_autoflush:
        for obj in session.dirty:
            if isinstance(obj, Event) and session.is_modified(obj):
                before, now = sa.inspect(obj).attrs.updated_at.loaded_value, utcnow()
                if isinstance(before, datetime) and now <= before:
                    now = before + timedelta(microseconds=1)
                obj.updated_at = now


def _versions(narrowed) -> dict[int, tuple]:
    """{id: version} of the events `narrowed` selects: their `updated_at` (renewed by every
    change of their own row and topics), what they show of their initiative and venue, and
    their topics ("id:slug,...")."""
    return _versions_with(narrowed)[0]


def _topics_text():
    """An event's topics as one text "id:slug,..." (read with it, not as a row per topic)."""
    linked = event_topics.alias()  # the topic filter's own `event_topics` stays apart
    pair = sa.cast(Topic.id, sa.String) + ":" + Topic.slug
    return (
        sa.select(sa.func.aggregate_strings(pair, ","))
        .select_from(linked.join(Topic, Topic.id == linked.c.topic_id))
        .where(linked.c.event_id == Event.id)
        .scalar_subquery()
    )


def _topic_ids(text: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(pair.split(":", 1)[0]) for pair in text.split(","))) if text else ()


def _versions_with(narrowed, *columns, order=()) -> tuple[dict[int, tuple], list]:
    """`_versions` and, in the same query, the events' rows of (id, *columns) in `order`."""
    stmt = with_others(Event.id, Event.updated_at, *columns).add_columns(_topics_text())
    rows, shown = db.session.execute(narrowed(stmt).order_by(*order)).all(), 2 + len(columns)
    return {r.id: (r.updated_at, tuple(r)[shown:]) for r in rows}, rows


def _facts(versions: dict[int, tuple], narrowed) -> dict[int, EventFacts]:
    """The facts of the events {id: version} (as `_versions` read them from `narrowed`)."""
    stmt = with_others(
        Event.id,
        Event.title,
        Event.description,
        Event.translations,
        Event.all_day,
        Event.rrule,
        Event.district_id,
        Event.location,
        Event.online_url,
        Event.organiser_name,
    )
    text = _texts()
    return {
        r.id: EventFacts(
            r.id,
            text(r.title, r.translations, "title"),
            text(r.description, r.translations, "description"),
            r.all_day,
            bool(r.rrule),
            r.district_id,
            _place(r),
            r.initiative_name if r.initiative_name is not None else r.organiser_name,
            _topic_ids(versions[r.id][1][-1]),
            _access(r),
        )
        for r in db.session.execute(chosen(stmt, list(versions), narrowed))
        if r.id in versions
    }


def _texts():
    """`translations.version` for many rows: the languages looked up once, not per text."""
    office, locale = office_locale(), str(get_locale())

    def text(original: str | None, translations: dict | None, field: str) -> Localized:
        if locale != office:
            found = (translations or {}).get(locale, {}).get(field)
            if found:
                return Localized(found, locale)
        return Localized(original or "", office)

    return text


def kept_facts(narrowed) -> dict[int, EventFacts]:
    """The facts of the events `narrowed` selects: kept ones as they are, the others read."""
    versions, locale = _versions(narrowed), str(get_locale())
    keys = {event_id: (event_id, version, locale) for event_id, version in versions.items()}
    found, missing = {}, {}
    for event_id, key in keys.items():
        hit = _kept_facts.get(key, KEPT_MAX_AGE)
        if hit is None:
            missing[event_id] = versions[event_id]
        else:
            found[event_id] = hit[1]
    if missing:
        for event_id, facts in _facts(missing, narrowed).items():
            _kept_facts.put(keys[event_id], facts)
            found[event_id] = facts
    return found


def stored_occurrences(start: datetime, end: datetime, flt: CalendarFilter, *where):
    """(facts, start, end) of published events' stored occurrences overlapping [start, end)."""
    rows = window_rows(start, end, flt, where)
    if not rows:
        return []
    facts = kept_facts(in_window(start, end, flt, ("published",), where))
    return [(facts[r.event_id], r.start_at, r.end_at) for r in rows]


def feed_events(start: datetime, end: datetime, flt: CalendarFilter) -> list[KeptEvent]:
    """The published and then the cancelled events of a feed's window, by first start, each
    with its VEVENT: kept ones as they are, only the others loaded and serialised."""
    narrowed = in_window(start, end, flt, ("published", "cancelled"), ())
    published_first = sa.case((Event.status == "published", 0), else_=1)
    columns = (Event.start_at, Event.series_end_at, Event.all_day)
    order = (published_first, Event.start_at, Event.id)
    versions, rows = _versions_with(narrowed, *columns, order=order)
    if not rows:
        return []
    prefix = absolute_url("events.show", event_id=0)[: -len("0")]
    shared = (str(get_locale()), office_tz().key, prefix, uid_domain())
    keys = {r.id: ("event", r.id, versions[r.id], *shared) for r in rows}
    missing = [r.id for r in rows if not is_kept(keys[r.id])]
    stmt = chosen(sa.select(Event), missing, narrowed).options(*event_loads())
    loaded = {e.id: e for e in db.session.scalars(stmt)} if missing else {}

    def vevent(event_id: int):
        event = loaded.get(event_id) or db.session.get(Event, event_id)
        return event_vevent(event, f"{prefix}{event_id}")

    return [
        KeptEvent(
            r.start_at,
            r.series_end_at,
            r.all_day,
            vevent_ical(keys[r.id], lambda event_id=r.id: vevent(event_id)),
        )
        for r in rows
    ]


def beyond_horizon(start: datetime, end: datetime, flt: CalendarFilter, *where):
    """(facts, start, end) of series' occurrences past the stored horizon, expanded from the rule."""
    until = db.session.scalar(sa.select(OccurrenceHorizon.until))
    if until is not None and end <= until:
        return []
    since = max(start, until) if until is not None else start
    stmt = sa.select(Event).where(
        Event.status == "published",
        Event.start_at < end,
        Event.series_end_at > since,
        Event.rrule != "" if until is not None else sa.true(),
        *where,
    )
    tz = office_tz()
    found = []
    for event in db.session.scalars(filtered(stmt, flt).options(*event_loads())):
        for o in rules.occurrences(
            event.start_at, event.end_at, event.rrule, event.exdates, start, end, tz, event.all_day
        ):
            if until is None or o.start >= until:
                found.append((facts_of(event), o.start, o.end))
    return found


def occurrences_in(start: datetime, end: datetime, flt: CalendarFilter, *where):
    """(facts, start, end) of every published occurrence overlapping [start, end)."""
    return stored_occurrences(start, end, flt, *where) + beyond_horizon(start, end, flt, *where)


def entry(
    event: EventFacts, start: datetime, end: datetime, url: str, uid: str, tz=None
) -> CalendarEntry:
    """One occurrence as a calendar entry (a series' occurrence links to its date); `tz`, the
    office's zone, may be passed in by a caller that makes many."""
    tz = tz or office_tz()
    start, end = start.astimezone(tz), end.astimezone(tz)
    return CalendarEntry(
        uid=uid,
        title=event.title,
        start=start,
        end=end,
        url=f"{url}?date={start.date().isoformat()}" if event.recurring else url,
        kind="event",
        all_day=event.all_day,
        location=event.location,
        description=event.description,
        district_ids=(event.district_id,) if event.district_id else (),
        topic_ids=event.topic_ids,
        organiser=event.organiser,
        access=event.access,
    )


def entries_of(
    event: Event, start: datetime, end: datetime, url: str | None = None, domain: str | None = None
) -> list[CalendarEntry]:
    """The event's occurrences in [start, end) as calendar entries, expanded from its rule.

    `url` and `domain` may be passed in by a caller that handles many events (computed once).
    """
    url = url or absolute_url("events.show", event_id=event.id)
    uid = f"event-{event.id}@{domain}" if domain else event_uid(event)
    found = rules.occurrences(
        event.start_at,
        event.end_at,
        event.rrule,
        event.exdates,
        start,
        end,
        office_tz(),
        event.all_day,
    )
    facts = facts_of(event)
    return [entry(facts, o.start, o.end, url, uid) for o in found]


def _as_entries(found) -> list[CalendarEntry]:
    # one URL build and one host lookup for thousands of events (url_for is the costly part)
    prefix = absolute_url("events.show", event_id=0)[: -len("0")]
    domain, tz = uid_domain(), office_tz()
    return [
        entry(event, start, end, f"{prefix}{event.id}", f"event-{event.id}@{domain}", tz)
        for event, start, end in found
    ]


@calendar_source("event")
def event_entries(start: datetime, end: datetime, filters: dict):
    flt = CalendarFilter(
        **{
            k: set(v)
            for k, v in (filters or {}).items()
            if k in CalendarFilter.__dataclass_fields__
        }
    )
    return _as_entries(occurrences_in(start, end, flt))


def _coming(name: str, column, value: int, now: datetime, days: int) -> list[CalendarEntry]:
    """The published events whose `column` is `value` with an occurrence in [now, now + days),
    expanded, by start; built for the minute and reused while the calendar is unchanged."""
    minute = now.replace(second=0, microsecond=0)

    def build() -> list[CalendarEntry]:
        found = occurrences_in(
            minute, minute + timedelta(days=days, minutes=1), CalendarFilter(), column == value
        )
        return sorted(_as_entries(found), key=lambda e: e.start)

    parts = (value, days, minute, absolute_url("core.home"))
    entries = cache.fragment(name, CALENDAR_TABLES, build, parts=parts)
    until = now + timedelta(days=days)
    return [e for e in entries if e.end > now and e.start < until]


def upcoming_of_initiative(
    initiative_id: int, now: datetime, days: int = 90
) -> list[CalendarEntry]:
    """The initiative's published events of the coming months, expanded, by start."""
    return _coming("events.of_initiative", Event.initiative_id, initiative_id, now, days)[:10]


def upcoming_at_venue(venue_id: int, now: datetime, days: int = 90) -> list[CalendarEntry]:
    """The published events at a venue in the coming months, expanded, by start (at most 20)."""
    return _coming("events.at_venue", Event.venue_id, venue_id, now, days)[:20]
