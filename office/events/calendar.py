"""The events' calendar source: occurrences read from `event_occurrences` as plain rows, and
beyond the stored horizon expanded from the rule; the coming events of an initiative or venue."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from office.core.clock import office_tz
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.core.translations import version
from office.directory.models import Initiative
from office.events import rules
from office.events.models import Event, EventOccurrence, OccurrenceHorizon, event_topics
from office.events.queries import (
    CalendarFilter,
    event_loads,
    event_location,
    event_uid,
    filtered,
    uid_domain,
)
from office.extensions import db
from office.venues import interface as venues
from office.venues.models import Venue, VenueStatus
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
        event.id, event.text("title"), event.text("description"), event.all_day, bool(event.rrule),
        event.district_id, event_location(event), event.organiser,
        tuple(t.id for t in event.topics), venues.access_of(event.venue),
    )  # fmt: skip


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


def _window_rows(start: datetime, end: datetime, flt: CalendarFilter, where):
    """Published events' stored occurrences overlapping [start, end): short ones by an index
    range on their start (bounded on both sides), the few long ones apart; each joined with
    its event so that the planner can start from either."""
    occ = EventOccurrence
    overlap = (occ.start_at < end, occ.end_at > start, Event.status == "published", *where)
    cols = (occ.event_id, occ.start_at, occ.end_at)

    def joined(*condition):
        stmt = sa.select(*cols).join(Event, Event.id == occ.event_id).where(*overlap, *condition)
        return filtered(stmt, flt)

    short = joined(occ.long_running.is_(False), occ.start_at >= start - rules.LONG_OCCURRENCE)
    return db.session.execute(sa.union_all(short, joined(occ.long_running.is_(True)))).all()


def _facts(ids: list[int]) -> dict[int, EventFacts]:
    initiative = Initiative.__table__
    venue = Venue.__table__
    stmt = (
        sa.select(
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
            initiative.c.name.label("initiative_name"),
            venue.c.name.label("venue_name"),
            venue.c.street.label("venue_street"),
            venue.c.postcode.label("venue_postcode"),
            venue.c.city.label("venue_city"),
            venue.c.status.label("venue_status"),
            *(venue.c[name].label(f"venue_{name}") for name in ACCESS_FEATURES),
        )  # fmt: skip
        .outerjoin(initiative, initiative.c.id == Event.initiative_id)
        .outerjoin(venue, venue.c.id == Event.venue_id)
        .where(Event.id.in_(ids))
    )
    topics: dict[int, list] = {}
    pairs = sa.select(event_topics.c.event_id, event_topics.c.topic_id).where(
        event_topics.c.event_id.in_(ids)
    )
    for event_id, topic_id in db.session.execute(pairs.order_by(event_topics.c.topic_id)):
        topics.setdefault(event_id, []).append(topic_id)
    return {
        r.id: EventFacts(
            r.id,
            version(r.title, r.translations, "title"),
            version(r.description, r.translations, "description"),
            r.all_day,
            bool(r.rrule),
            r.district_id,
            _place(r),
            r.initiative_name if r.initiative_name is not None else r.organiser_name,
            tuple(topics.get(r.id, ())),
            _access(r),
        )  # fmt: skip
        for r in db.session.execute(stmt)
    }


def stored_occurrences(start: datetime, end: datetime, flt: CalendarFilter, *where):
    """(facts, start, end) of published events' stored occurrences overlapping [start, end)."""
    rows = _window_rows(start, end, flt, where)
    if not rows:
        return []
    facts = _facts(sorted({r.event_id for r in rows}))
    return [(facts[r.event_id], r.start_at, r.end_at) for r in rows]


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


def entry(event: EventFacts, start: datetime, end: datetime, url: str, uid: str) -> CalendarEntry:
    """One occurrence as a calendar entry (a series' occurrence links to its date)."""
    tz = office_tz()
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
        event.start_at, event.end_at, event.rrule, event.exdates, start, end, office_tz(),
        event.all_day,
    )  # fmt: skip
    facts = facts_of(event)
    return [entry(facts, o.start, o.end, url, uid) for o in found]


def _as_entries(found) -> list[CalendarEntry]:
    # one URL build and one host lookup for thousands of events (url_for is the costly part)
    prefix = absolute_url("events.show", event_id=0)[: -len("0")]
    domain = uid_domain()
    return [
        entry(event, start, end, f"{prefix}{event.id}", f"event-{event.id}@{domain}")
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


def upcoming_of_initiative(
    initiative_id: int, now: datetime, days: int = 90
) -> list[CalendarEntry]:
    """The initiative's published events of the coming months, expanded, by start."""
    found = occurrences_in(
        now, now + timedelta(days=days), CalendarFilter(), Event.initiative_id == initiative_id
    )
    return sorted(_as_entries(found), key=lambda e: e.start)[:10]


def upcoming_at_venue(venue_id: int, now: datetime, days: int = 90) -> list[CalendarEntry]:
    """The published events at a venue in the coming months, expanded, by start (at most 20)."""
    found = occurrences_in(
        now, now + timedelta(days=days), CalendarFilter(), Event.venue_id == venue_id
    )
    return sorted(_as_entries(found), key=lambda e: e.start)[:20]
