"""The three service-level clocks of a request on the office's business calendar.

First response and resolution start when the request enters the queue; the next-response clock
starts when the requester writes after an answer. A staff answer stops the response clocks,
closing stops all; while the office waits (waiting_* statuses) every clock stands still and
keeps its remaining working time. A clock stopped after its deadline is a breach.
"""

from datetime import datetime

import sqlalchemy as sa

from office.core.business_calendar import BusinessCalendar, office_calendar
from office.extensions import db
from office.requests import rules
from office.requests.models import HelpRequest, ServiceLevelBreach

DUE_COLUMNS = {
    "first_response": "first_response_due_at",
    "next_response": "next_response_due_at",
    "resolution": "resolution_due_at",
}


def running(req: HelpRequest) -> dict[str, datetime]:
    """Clock -> deadline of each clock that runs (or stands still while waiting)."""
    if req.status in rules.CLOSED_STATUSES or req.email_confirmed_at is None:
        return {}
    found = {
        "first_response": None if req.first_response_at else req.first_response_due_at,
        "next_response": req.next_response_due_at,
        "resolution": req.resolution_due_at,
    }
    return {clock: due for clock, due in found.items() if due is not None}


def states(req: HelpRequest, now: datetime, calendar: BusinessCalendar) -> list[rules.ClockState]:
    """Where each running clock stands at `now` (paused while the office waits)."""
    since = req.paused_at or now
    return [
        rules.clock_state(
            clock, due, calendar.minutes_between(since, due), req.paused_at is not None
        )
        for clock, due in running(req).items()
    ]


def _set(req: HelpRequest, clock: str, due: datetime | None) -> None:
    setattr(req, DUE_COLUMNS[clock], due)
    _sync(req)


def _sync(req: HelpRequest) -> None:
    """Keep the queue's `due_at` the earliest running deadline; a new one may be reminded of."""
    due = None if req.paused_at else min(running(req).values(), default=None)
    if due != req.due_at:
        req.reminded = None
    req.due_at = due


def start(req: HelpRequest, now: datetime, calendar: BusinessCalendar | None = None) -> None:
    """The request enters the queue: first response and resolution start."""
    calendar = calendar or office_calendar()
    for clock in ("first_response", "resolution"):
        _set(req, clock, calendar.add(now, rules.target_minutes(req.type, clock)))


def requester_wrote(req: HelpRequest, now: datetime) -> None:
    """After an answer, the requester's message starts the next-response clock."""
    if req.first_response_at is None or req.next_response_due_at is not None:
        return
    minutes = rules.target_minutes(req.type, "next_response")
    _set(req, "next_response", office_calendar().add(req.paused_at or now, minutes))


def answered(req: HelpRequest, now: datetime) -> None:
    """The office answered: the first and next response clocks stop."""
    if req.first_response_at is None:
        _breach_if_late(req, "first_response", req.first_response_due_at, now)
        req.first_response_at = now
    if req.next_response_due_at is not None:
        _breach_if_late(req, "next_response", req.next_response_due_at, now)
        req.next_response_due_at = None
    _sync(req)


def closed(req: HelpRequest, now: datetime) -> None:
    """Closing stops every clock; the resolution deadline stays for the record."""
    answered(req, now)
    _breach_if_late(req, "resolution", req.resolution_due_at, now)
    req.paused_at = None
    _sync(req)


def reopened(req: HelpRequest, now: datetime) -> None:
    """A reopened request gets a new resolution deadline and a next response is due."""
    calendar = office_calendar()
    req.resolution_due_at = calendar.add(now, rules.target_minutes(req.type, "resolution"))
    minutes = rules.target_minutes(req.type, "next_response")
    _set(req, "next_response", calendar.add(now, minutes))


def pause(req: HelpRequest, now: datetime) -> None:
    """The office waits for the requester or a third party: the clocks stand still."""
    req.paused_at = req.paused_at or now
    _sync(req)


def resume(req: HelpRequest, now: datetime) -> None:
    """The wait is over: each clock not overdue keeps the working time it had left."""
    if req.paused_at is None:
        return
    calendar = office_calendar()
    for clock, due in running(req).items():
        left = calendar.minutes_between(req.paused_at, due)
        if rules.resumed_due(due, req.paused_at, left):
            setattr(req, DUE_COLUMNS[clock], calendar.add(now, left))
    req.paused_at = None
    _sync(req)


def _breach_if_late(req: HelpRequest, clock: str, due: datetime | None, now: datetime) -> None:
    if due is not None and due < (req.paused_at or now):
        record_breach(req, clock, due, now)


def record_breach(req: HelpRequest, clock: str, due: datetime, now: datetime) -> None:
    """Count a missed deadline once (a second reminder or answer adds nothing)."""
    exists = sa.select(ServiceLevelBreach.id).where(
        ServiceLevelBreach.request_id == req.id,
        ServiceLevelBreach.clock == clock,
        ServiceLevelBreach.due_at == due,
    )
    if req.id is None or db.session.scalar(exists) is None:
        db.session.add(ServiceLevelBreach(request=req, clock=clock, due_at=due, recorded_at=now))
