"""The month grid from the database's own counting: per day of the grid, how many entries it
has and only its first few, so that a month of a city's calendar builds about 35 x `per_day`
entries instead of every one of its thousands.

A day is the office's day: the grid's days are passed to the query as their local midnights
(in UTC, so daylight-saving days are 23 or 25 hours long), and an occurrence shows on every day
it overlaps, as `views.calendar._group_by_day` has it.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from office.core.clock import office_tz
from office.core.db import UTCDateTime
from office.events import rules
from office.events.calendar import _as_entries, beyond_horizon, kept_facts
from office.events.models import Event, EventOccurrence
from office.events.queries import CalendarFilter, calendar_entries, filtered, long_rows
from office.extensions import db


def day_bounds(days: list[date]) -> list[tuple[int, datetime, datetime]]:
    """(index, start, end) of each day: its local midnight and the next one."""
    tz = office_tz()
    return [
        (i, rules.local_midnight(d, tz), rules.local_midnight(d + timedelta(days=1), tz))
        for i, d in enumerate(days)
    ]


def _days_table(bounds):
    """The days as a table (a UNION ALL of constant rows: both databases read it)."""
    rows = [
        sa.select(
            sa.literal(i).label("day"),
            sa.literal(start, UTCDateTime()).label("day_start"),
            sa.literal(end, UTCDateTime()).label("day_end"),
            sa.literal(start - rules.LONG_OCCURRENCE, UTCDateTime()).label("long_before"),
        )
        for i, start, end in bounds
    ]
    return sa.union_all(*rows).cte("days")


def _starting_rows(days, flt: CalendarFilter):
    """The short stored occurrences of published events by the day they start on (an exact
    index range per day), and whether they run past that day."""
    occ = EventOccurrence
    stmt = (
        sa.select(
            days.c.day,
            occ.event_id,
            occ.start_at,
            occ.end_at,
            Event.title,
            (occ.end_at > days.c.day_end).label("spills"),
        )
        .join(occ, sa.and_(occ.start_at >= days.c.day_start, occ.start_at < days.c.day_end))
        .join(Event, Event.id == occ.event_id)
        .where(Event.status == "published", occ.long_running.is_(False))
    )
    return filtered(stmt, flt).subquery("starting")


def _spanning_rows(bounds, flt: CalendarFilter) -> list:
    """The few stored occurrences of published events that run into the grid from before it,
    and the long ones."""
    occ, start, end = EventOccurrence, bounds[0][1], bounds[-1][2]
    before = (
        sa.select(occ.event_id, occ.start_at, occ.end_at)
        .join(Event, Event.id == occ.event_id)
        .where(Event.status == "published", occ.long_running.is_(False), occ.end_at > start)
        .where(occ.start_at < start, occ.start_at >= start - rules.LONG_OCCURRENCE)
    )
    return db.session.execute(filtered(before, flt)).all() + long_rows(start, end, flt)


def _days_of(bounds, start: datetime, end: datetime, after: int = -1) -> list[int]:
    """The indexes of the days past `after` that [start, end) overlaps."""
    return [
        i for i, day_start, day_end in bounds[after + 1 :] if start < day_end and end > day_start
    ]


def first_per_day(days: list[date], flt: CalendarFilter, per_day: int):
    """({day index: count}, [(day index, event id, start, end)]): every day's number of
    stored occurrences and its first `per_day` by start and title, counted and picked in the
    database, with the few that run over from an earlier day."""
    bounds = day_bounds(days)
    rows = _starting_rows(_days_table(bounds), flt)
    order = (rows.c.start_at, rows.c.title, rows.c.event_id)
    ranked = sa.select(
        rows,
        sa.func.row_number().over(partition_by=rows.c.day, order_by=order).label("rank"),
        sa.func.count().over(partition_by=rows.c.day).label("n"),
    ).subquery("ranked")
    stmt = sa.select(ranked).where(sa.or_(ranked.c.rank <= per_day, ranked.c.spills))
    counts, first, running = {}, [], []
    for r in db.session.execute(stmt):
        counts[r.day] = r.n
        if r.rank <= per_day:
            first.append((r.day, r.event_id, r.start_at, r.end_at))
        if r.spills:
            running += [(i, r) for i in _days_of(bounds, r.start_at, r.end_at, r.day)]
    running += [(i, r) for r in _spanning_rows(bounds, flt) for i in _days_of(bounds, *r[1:])]
    for day, r in running:
        counts[day] = counts.get(day, 0) + 1
        first.append((day, r.event_id, r.start_at, r.end_at))
    return counts, first


def _event_entries(days: list[date], flt: CalendarFilter, per_day: int):
    """({day: count}, {day: entries}) of the events: counted in the database, only the first
    of each day built."""
    counts, first = first_per_day(days, flt, per_day)
    if not first:
        return {}, {}
    ids = sorted({event_id for _day, event_id, _s, _e in first})
    facts = kept_facts(lambda stmt: stmt.where(Event.id.in_(ids)))
    entries = _as_entries([(facts[e], s, end) for _d, e, s, end in first])
    shown: dict[date, list] = {}
    for (day, *_rest), entry in zip(first, entries, strict=True):
        shown.setdefault(days[day], []).append(entry)
    return {days[i]: n for i, n in counts.items()}, shown


def spread_by_day(entries, days: list[date]) -> dict[date, list]:
    """Each entry under every day of `days` it touches."""
    tz, result = office_tz(), {d: [] for d in days}
    for entry in entries:
        first = entry.start.astimezone(tz).date()
        last = (entry.end.astimezone(tz) - timedelta(microseconds=1)).date()
        day = max(first, days[0])
        while day <= min(last, days[-1]):
            result[day].append(entry)
            day += timedelta(days=1)
    return result


def month_days(days: list[date], flt: CalendarFilter, per_day: int):
    """({day: number of entries}, {day: its first `per_day` entries by start and title}) of
    every calendar source; the events' are counted and picked in the database."""
    start, end = day_bounds(days)[0][1], day_bounds(days)[-1][2]
    others = calendar_entries(start, end, flt, skip_kinds=("event",))
    counts, shown = {}, {}
    if not flt.kinds or "event" in flt.kinds:
        counts, shown = _event_entries(days, flt, per_day)
        others += _as_entries(beyond_horizon(start, end, flt))
    for day, entries in spread_by_day(others, days).items():
        counts[day] = counts.get(day, 0) + len(entries)
        merged = sorted(shown.get(day, []) + entries, key=lambda e: (e.start, e.title))
        shown[day] = merged[:per_day]
    return counts, shown
