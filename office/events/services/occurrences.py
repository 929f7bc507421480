"""Stored occurrences: kept in step with every save of an event, extended by a daily command.

Whenever an event is inserted or its times, rule or exceptions change, its rows in
`event_occurrences` are brought in line within the same flush (whoever saves it: the forms, the
demo data, a restore, a test factory). Series are stored up to the horizon in
`event_occurrence_horizon`; `flask events extend-occurrences` moves the horizon forward daily
and stores the occurrences that came into range. The calendar expands only what lies beyond.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from office.core.clock import office_tz, utcnow
from office.core.db import for_update
from office.core.jobs import in_turn
from office.events import rules
from office.events.models import Event, EventOccurrence, OccurrenceHorizon
from office.extensions import db

#: the columns an event's occurrences follow from
TIMING = ("start_at", "end_at", "rrule", "exdates", "all_day")
#: events expanded per statement by the extension and the rebuild
BATCH = 1000


def _timing_changed(event: Event) -> bool:
    state = sa.inspect(event)
    return any(state.attrs[name].history.has_changes() for name in TIMING)


def current_horizon(session) -> datetime | None:
    """The stored horizon, read with a share lock (the extension holds it exclusively)."""
    stmt = sa.select(OccurrenceHorizon.until).with_for_update(read=True)
    return session.scalar(stmt)


def _horizon_for_save(session) -> datetime:
    until = current_horizon(session)
    if until is None:  # a database created without the migration (tests): start the horizon
        until = rules.occurrence_horizon(utcnow(), office_tz())
        session.add(OccurrenceHorizon(id=1, until=until))
    return until


def wanted(event: Event, until: datetime, since: datetime | None = None) -> list[tuple]:
    """(start, end) in UTC of the occurrences to store for the event."""
    found = rules.stored_occurrences(
        event.start_at,
        event.end_at,
        event.rrule,
        event.exdates,
        office_tz(),
        event.all_day,
        until,
        since,
    )
    return [(o.start.astimezone(UTC), o.end.astimezone(UTC)) for o in found]


def sync(event: Event, until: datetime) -> None:
    """Make the event's stored occurrences those its times give (changing as few rows as can be:
    a start kept is updated in place, never deleted and inserted again)."""
    existing = {o.start_at: o for o in event.occurrences}
    result = []
    for start, end in wanted(event, until):
        occ = existing.pop(start, None) or EventOccurrence(start_at=start)
        occ.end_at, occ.long_running = end, rules.is_long(start, end)
        result.append(occ)
    event.occurrences = result


@sa_event.listens_for(Session, "before_flush")
def _keep_occurrences(session, flush_context, instances):
    events = [o for o in session.new if isinstance(o, Event)]
    events += [o for o in session.dirty if isinstance(o, Event) and _timing_changed(o)]
    events = [e for e in events if e.start_at is not None and e.end_at is not None]
    if not events:
        return
    with session.no_autoflush:
        until = _horizon_for_save(session)
        for event in events:
            sync(event, until)


def _rows(event, until: datetime, since: datetime | None) -> list[dict]:
    return [
        {"event_id": event.id, "start_at": s, "end_at": f, "long_running": rules.is_long(s, f)}
        for s, f in wanted(event, until, since)
    ]


def _times():
    """What the expansion needs of an event (rows, not objects: nothing enters the session)."""
    return sa.select(Event.id, *(getattr(Event, name) for name in TIMING))


def _store(condition, until: datetime, since: datetime | None, each=in_turn) -> int:
    """Insert the occurrences in [since, until) of the events matching `condition`, in batches;
    with a periodic command's `each`, an event whose dates cannot be worked out is reported
    and the others are stored."""
    count, last_id = 0, 0
    while True:
        stmt = _times().where(condition, Event.id > last_id).order_by(Event.id).limit(BATCH)
        batch = db.session.execute(stmt).all()
        if not batch:
            return count
        expanded = each(batch, lambda e: _rows(e, until, since), "event {.id}", savepoint=True)
        rows = [row for event_rows in expanded for row in event_rows]
        if rows:
            db.session.execute(sa.insert(EventOccurrence), rows)
        count += len(rows)
        last_id = batch[-1].id


def store_inserted(first_id: int, last_id: int) -> int:
    """Store the occurrences of events inserted in bulk (ids first_id..last_id), which the flush
    hook does not see."""
    until = _horizon_for_save(db.session)
    return _store(Event.id.between(first_id, last_id), until, None)


def extend(now: datetime, each=in_turn) -> int:
    """Move the horizon to HORIZON_DAYS from today and store the series' occurrences that came
    into range; returns how many. Two servers running it at once: the second waits for the
    first's lock, then finds nothing left to do."""
    new_until = rules.occurrence_horizon(now, office_tz())
    row = db.session.scalar(for_update(sa.select(OccurrenceHorizon)))
    if row is None:
        return rebuild(now, each)
    old_until = row.until
    if new_until <= old_until:
        return 0
    row.until = new_until
    db.session.flush()
    series = sa.and_(Event.rrule != "", Event.series_end_at > old_until, Event.start_at < new_until)
    return _store(series, new_until, old_until, each)


def rebuild(now: datetime, each=in_turn) -> int:
    """Store every event's occurrences afresh up to a new horizon; returns how many."""
    until = rules.occurrence_horizon(now, office_tz())
    db.session.execute(sa.delete(EventOccurrence))
    row = db.session.get(OccurrenceHorizon, 1)
    if row is None:
        db.session.add(OccurrenceHorizon(id=1, until=until))
    else:
        row.until = until
    db.session.flush()
    return _store(sa.true(), until, None, each)
