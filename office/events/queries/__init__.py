"""Reading the calendar: every registered source, filtered, in a window."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlparse

import sqlalchemy as sa
from flask import current_app
from flask_babel import get_locale
from sqlalchemy.orm import joinedload, selectinload, subqueryload

from office.core import cache
from office.core.clock import office_tz
from office.core.links import absolute_url
from office.core.registry import CALENDAR_SOURCES, CalendarEntry
from office.directory.models import Initiative
from office.events import rules
from office.events.models import Event, EventOccurrence, event_topics
from office.extensions import db
from office.venues import interface as venues
from office.venues.models import Venue
from office.venues.rules import ACCESS_FEATURES

#: organiser category of entries from other modules, for the organiser filter
KIND_ORGANISER = {
    "event": None,
    "course": "office",
    "process": "department",
    "board": "board",
    "assembly": "office",
}


@dataclass
class CalendarFilter:
    district_ids: set = field(default_factory=set)
    topic_ids: set = field(default_factory=set)
    organisers: set = field(default_factory=set)
    kinds: set = field(default_factory=set)
    #: access features (venues.rules.ACCESS_FEATURES) the event's venue must all offer
    access: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "district_ids": self.district_ids,
            "topic_ids": self.topic_ids,
            "organisers": self.organisers,
            "kinds": self.kinds,
            "access": self.access,
        }


def filtered(stmt, flt: CalendarFilter):
    if flt.district_ids:
        stmt = stmt.where(Event.district_id.in_(flt.district_ids))
    if flt.topic_ids:
        stmt = stmt.where(
            sa.exists().where(
                event_topics.c.event_id == Event.id, event_topics.c.topic_id.in_(flt.topic_ids)
            )
        )
    if flt.organisers:
        stmt = stmt.where(Event.organiser_kind.in_(flt.organisers))
    if flt.access:
        stmt = stmt.where(Event.venue_id.in_(venues.venue_ids_with(sorted(flt.access))))
    return stmt


def event_loads():
    """A city's month holds thousands of events: one query for all their topics and the
    organisers joined in (selectinload would add a query per 500 events)."""
    return (
        subqueryload(Event.topics),
        joinedload(Event.initiative),
        joinedload(Event.district),
        joinedload(Event.venue),
    )


def uid_domain() -> str:
    return urlparse(current_app.config["OFFICE_BASE_URL"]).hostname or "office.invalid"


def event_uid(event: Event) -> str:
    return f"event-{event.id}@{uid_domain()}"


def event_location(event: Event) -> str:
    """Where: the venue (name and address), the place in words, the online link."""
    return venues.place_line(event.venue, event.location, event.online_url)


def _matches(entry: CalendarEntry, flt: CalendarFilter) -> bool:
    if flt.kinds and entry.kind not in flt.kinds:
        return False
    if flt.access and not flt.access <= set(entry.access):
        return False  # every asked feature, at a venue of the directory
    if flt.district_ids and not set(entry.district_ids) & flt.district_ids:
        return False
    if flt.topic_ids and not set(entry.topic_ids) & flt.topic_ids:
        return False
    if flt.organisers and entry.kind != "event":
        if KIND_ORGANISER.get(entry.kind) not in flt.organisers:
            return False
    return True


#: a city's month holds thousands of event occurrences: the month page and the events API reuse
#: the entries of a window this long (seconds), unless an event changes (the version below);
#: entries of other sources (courses, processes, board) may lag by at most this long
CALENDAR_CACHE_SECONDS = 60
CALENDAR_CACHE_SIZE = 32
_entries = cache.Store(CALENDAR_CACHE_SIZE)


#: every table a calendar source reads (events, course runs, process phases, board meetings,
#: the venues whose address and access the entries carry, the initiatives organising events)
CALENDAR_TABLES = (
    "events",
    "event_topics",
    "initiatives",
    "event_occurrences",
    "event_occurrence_horizon",
    "courses",
    "course_runs",
    "processes",
    "process_phases",
    "process_districts",
    "process_topics",
    "board_meetings",
    "venues",
    "assembly_sessions",
    "sortition_assemblies",
    "districts",
    "topics",
)


def events_version() -> tuple:
    """Changes whenever an entry of any calendar source changes (one primary-key lookup)."""
    return cache.tokens(CALENDAR_TABLES)


def cache_seconds() -> int:
    # off under test: a test changes data between requests within the same second
    default = 0 if current_app.testing else CALENDAR_CACHE_SECONDS
    return current_app.config.get("CALENDAR_CACHE_SECONDS", default)


def cached_calendar_entries(
    start: datetime, end: datetime, flt: CalendarFilter, skip_kinds=()
) -> list[CalendarEntry]:
    """`calendar_entries`, reused for CALENDAR_CACHE_SECONDS while no event changes.

    Entries carry absolute URLs, so the key holds the host the page was asked for.
    """
    ttl = cache_seconds()
    if ttl <= 0:
        return calendar_entries(start, end, flt, skip_kinds)
    filters = tuple((k, tuple(sorted(v))) for k, v in sorted(flt.as_dict().items()))
    # titles and descriptions are in the reader's language where a version exists
    key = (absolute_url("core.home"), str(get_locale()), start, end, filters, tuple(skip_kinds))
    key += (events_version(),)
    return _entries.remembered(key, ttl, lambda: calendar_entries(start, end, flt, skip_kinds))


def calendar_entries(
    start: datetime, end: datetime, flt: CalendarFilter, skip_kinds=()
) -> list[CalendarEntry]:
    """Entries of every registered calendar source in [start, end), filtered, by start.

    Sources get the filter as a dict and may apply it themselves; the result is filtered
    again here on the entries' own districts, topics and kind, so a source that ignores
    the filter cannot leak unfiltered entries.
    """
    entries = []
    for kind, source in sorted(CALENDAR_SOURCES.items()):
        if kind in skip_kinds or (flt.kinds and kind not in flt.kinds):
            continue
        for entry in source(start, end, flt.as_dict()):
            if entry.start < end and entry.end > start and _matches(entry, flt):
                entries.append(entry)
    entries.sort(key=lambda e: (e.start, e.title))
    return entries


def upcoming_occurrences(event: Event, now: datetime, limit: int = 12) -> list[rules.Occurrence]:
    tz = office_tz()
    horizon = max(now, event.start_at) + timedelta(days=rules.MAX_SERIES_DAYS)
    return rules.occurrences(
        event.start_at, event.end_at, event.rrule, event.exdates, now, horizon, tz, event.all_day
    )[:limit]


def past_events_query(now: datetime):
    return (
        sa.select(Event)
        .where(Event.status == "published", Event.series_end_at <= now)
        .options(selectinload(Event.initiative), selectinload(Event.district))
        .order_by(Event.start_at.desc(), Event.id.desc())
    )


def recurring_series_of(initiative_id: int, now: datetime) -> list[Event]:
    """The initiative's published series with dates to come, by first start."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(
                Event.initiative_id == initiative_id,
                Event.status == "published",
                Event.rrule != "",
                Event.series_end_at > now,
            )
            .order_by(Event.start_at, Event.id)
        )
    )


def window_rows(start: datetime, end: datetime, flt: CalendarFilter, where):
    """Published events' stored occurrences overlapping [start, end): short ones by an index
    range on their start (bounded on both sides), each joined with its event so that the
    planner can start from either; the few long ones apart (`long_rows`)."""
    occ = EventOccurrence
    stmt = (
        sa.select(occ.event_id, occ.start_at, occ.end_at)
        .join(Event, Event.id == occ.event_id)
        .where(occ.start_at < end, occ.end_at > start, Event.status == "published", *where)
        .where(occ.long_running.is_(False), occ.start_at >= start - rules.LONG_OCCURRENCE)
    )
    return db.session.execute(filtered(stmt, flt)).all() + long_rows(start, end, flt, where)


def long_rows(start: datetime, end: datetime, flt: CalendarFilter, where=()) -> list:
    """The few long stored occurrences overlapping [start, end) of published events, read by
    their own index first (joined with `events`, SQLite reads every published event)."""
    occ = EventOccurrence
    stmt = sa.select(occ.event_id, occ.start_at, occ.end_at)
    found = db.session.execute(
        stmt.where(occ.long_running.is_(True), occ.start_at < end, occ.end_at > start)
    ).all()
    if not found:
        return []
    ids = sorted({r.event_id for r in found})
    events = sa.select(Event.id).where(Event.id.in_(ids), Event.status == "published", *where)
    shown = set(db.session.scalars(filtered(events, flt)))
    return [r for r in found if r.event_id in shown]


def with_others(*columns):
    """`columns` of events with what an entry shows of their initiative and venue."""
    initiative = Initiative.__table__
    venue = Venue.__table__
    shown = ("name", "street", "postcode", "city", "status", *ACCESS_FEATURES)
    return (
        sa.select(
            *columns,
            initiative.c.name.label("initiative_name"),
            *(venue.c[name].label(f"venue_{name}") for name in shown),
        )
        .outerjoin(initiative, initiative.c.id == Event.initiative_id)
        .outerjoin(venue, venue.c.id == Event.venue_id)
    )


#: reading more events than this by an IN list of their ids costs more than reading them by
#: the window's own conditions (SQLAlchemy builds a parameter per id)
ID_LIST_LIMIT = 300


def in_window(start: datetime, end: datetime, flt: CalendarFilter, statuses, where):
    """Narrows a statement that reads `events` to the events of `statuses` that may have an
    occurrence overlapping [start, end) (their first start before its end, their last end after
    its start): a superset of those with one, by an index range, without a list of ids."""

    def narrowed(stmt):
        stmt = stmt.where(
            Event.status.in_(statuses), Event.start_at < end, Event.series_end_at > start, *where
        )
        return filtered(stmt, flt)

    return narrowed


def chosen(stmt, ids: list[int], narrowed):
    """`stmt` for the events `ids`: by their ids when they are few, else all `narrowed` selects."""
    return stmt.where(Event.id.in_(ids)) if len(ids) <= ID_LIST_LIMIT else narrowed(stmt)
