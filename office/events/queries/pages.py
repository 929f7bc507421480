"""The events API's pages: entries by (start, uid) after a cursor, the events' counted and
picked in the database, so that a page of a city's month builds about `limit` entries instead
of every one of its thousands."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from office.core.registry import CalendarEntry
from office.events import rules
from office.events.calendar import _as_entries, beyond_horizon, kept_facts
from office.events.models import Event, EventOccurrence
from office.events.queries import CalendarFilter, calendar_entries, filtered, long_rows
from office.extensions import db


@dataclass(frozen=True)
class Page:
    #: the window's entries in all (every page's)
    total: int
    entries: list[CalendarEntry]
    #: (start, uid) of the last entry when more follow, else None
    last: tuple[datetime, str] | None


def _key(entry: CalendarEntry) -> tuple[datetime, str]:
    return entry.start, entry.uid


def _window(start: datetime, end: datetime, flt: CalendarFilter):
    """Published events' short stored occurrences overlapping [start, end) (as `window_rows`;
    the few long ones are read apart)."""
    occ = EventOccurrence
    stmt = (
        sa.select(occ.event_id, occ.start_at, occ.end_at)
        .join(Event, Event.id == occ.event_id)
        .where(occ.start_at < end, occ.end_at > start, Event.status == "published")
        .where(occ.long_running.is_(False), occ.start_at >= start - rules.LONG_OCCURRENCE)
    )
    return filtered(stmt, flt).subquery("window")


def _first_rows(rows, after, limit: int):
    """The rows at the cursor's start and the first `limit` + 1 after it (with all that tie
    with the last): every event entry the page can hold, and one more if there are more."""
    since = rows.c.start_at > after[0] if after else sa.true()
    rank = sa.func.rank().over(order_by=rows.c.start_at).label("rank")
    ranked = sa.select(rows, rank).where(since).subquery("ranked")
    stmt = sa.select(ranked.c.event_id, ranked.c.start_at, ranked.c.end_at)
    found = db.session.execute(stmt.where(ranked.c.rank <= limit + 1)).all()
    if after:
        at = sa.select(rows.c.event_id, rows.c.start_at, rows.c.end_at)
        found += db.session.execute(at.where(rows.c.start_at == after[0])).all()
    return found


def _event_entries(start, end, flt, after, limit) -> tuple[int, list[CalendarEntry]]:
    rows = _window(start, end, flt)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(rows))
    long = long_rows(start, end, flt)
    found = _first_rows(rows, after, limit) + long
    ids = sorted({r.event_id for r in found})
    facts = kept_facts(lambda stmt: stmt.where(Event.id.in_(ids))) if ids else {}
    entries = _as_entries([(facts[r.event_id], r.start_at, r.end_at) for r in found])
    beyond = _as_entries(beyond_horizon(start, end, flt))
    return total + len(long) + len(beyond), entries + beyond


def events_page(
    start: datetime, end: datetime, flt: CalendarFilter, after: tuple | None, limit: int
) -> Page:
    """The entries of every source in [start, end), by (start, uid), after `after`."""
    entries = calendar_entries(start, end, flt, skip_kinds=("event",))
    total = len(entries)
    if not flt.kinds or "event" in flt.kinds:
        counted, found = _event_entries(start, end, flt, after, limit)
        total, entries = total + counted, entries + found
    chosen = sorted((e for e in entries if not after or _key(e) > after), key=_key)
    page = chosen[:limit]
    return Page(total, page, _key(page[-1]) if len(chosen) > limit else None)
