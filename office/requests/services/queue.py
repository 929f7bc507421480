"""The staff queue, the clocks' states and reminders, the office's closing days."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.auth.interface import active_office_staff
from office.core import bounds
from office.core.business_calendar import office_calendar
from office.core.clock import utcnow
from office.core.db import locked_row
from office.core.errors import DomainError
from office.core.i18n import recipient_locale
from office.core.jobs import in_turn
from office.core.links import absolute_url
from office.core.models import ClosingDay
from office.core.outbox import queue_mail
from office.extensions import db
from office.requests import rules
from office.requests.models import HelpRequest
from office.requests.services import clocks


def queue_statement(status=None, type_=None, assignee_id=None, due=None, q="", now=None):
    """The staff queue: confirmed requests, filtered; the oldest due date first."""
    stmt = sa.select(HelpRequest).where(HelpRequest.email_confirmed_at.is_not(None))
    if status == "open" or not status:
        stmt = stmt.where(HelpRequest.status.in_(rules.OPEN_STATUSES))
    elif status != "all":
        stmt = stmt.where(HelpRequest.status == status)
    if type_:
        stmt = stmt.where(HelpRequest.type == type_)
    if assignee_id == "none":
        stmt = stmt.where(HelpRequest.assignee_id.is_(None))
    elif assignee_id:
        stmt = stmt.where(HelpRequest.assignee_id == int(assignee_id))
    if due and now is not None:
        stmt = stmt.where(_due_filter(due, now))
    if q:
        like = f"%{q.lower()}%"
        conditions = [
            sa.func.lower(HelpRequest.title).like(like),
            sa.func.lower(HelpRequest.requester_name).like(like),
            HelpRequest.requester_email.like(like),
            sa.func.lower(HelpRequest.requester_organisation).like(like),
        ]
        number = bounds.parse_int(q.upper().removeprefix("A-"))
        if number is not None:
            conditions.append(HelpRequest.id == number)
        stmt = stmt.where(sa.or_(*conditions))
    return stmt.order_by(HelpRequest.due_at.asc().nulls_last(), HelpRequest.id)


def _due_filter(due: str, now: datetime):
    """Overdue: a running clock past its deadline; due soon: one within a working day."""
    if due == "overdue":
        return HelpRequest.due_at < now
    soon = office_calendar().add(now, rules.DUE_SOON_MINUTES)
    return sa.and_(HelpRequest.due_at >= now, HelpRequest.due_at <= soon)


def clock_states(req: HelpRequest, now: datetime | None = None, calendar=None):
    """The running clocks of a request and where each stands (for the request page)."""
    return clocks.states(req, now or utcnow(), calendar or office_calendar())


def remind(now: datetime | None = None, each=in_turn) -> int:
    """Remind of requests whose clock is due soon or overdue: the assignee, or the office's
    staff while nobody has taken the request. Each reminder once per deadline; `each` as in
    `office.core.jobs` (one request at a time)."""
    now = now or utcnow()
    calendar = office_calendar()
    open_ids = db.session.scalars(
        sa.select(HelpRequest.id)
        .where(HelpRequest.status.in_(rules.OPEN_STATUSES), HelpRequest.due_at.is_not(None))
        .order_by(HelpRequest.id)
    ).all()
    done = each(open_ids, lambda req_id: _remind_one(req_id, now, calendar), "request {}")
    return sum(done)


def _remind_one(req_id: int, now: datetime, calendar) -> bool:
    # a row lock: a second server running `remind` at the same time waits here and then sees
    # the `reminded` mark of the first (no reminder twice); SQLite serialises writers anyway
    req = locked_row(HelpRequest, req_id)
    if req.status not in rules.OPEN_STATUSES or req.due_at is None:
        return False
    state = rules.most_urgent(clocks.states(req, now, calendar))
    if state is None or req.reminded == f"{state.clock}:{state.key}":
        return False
    for user in [req.assignee] if req.assignee else active_office_staff():
        _queue_reminder(req, state, user)
    if state.key == "overdue":
        clocks.record_breach(req, state.clock, state.due_at, now)
    req.reminded = f"{state.clock}:{state.key}"
    db.session.flush()
    return True


def _queue_reminder(req: HelpRequest, state, user) -> None:
    queue_mail(
        user.email,
        _l("Request %(ref)s is overdue", ref=req.reference)
        if state.key == "overdue"
        else _l("Request %(ref)s is due soon", ref=req.reference),
        "requests/reminder",
        locale=recipient_locale(user.locale),
        req=req,
        kind=state.key,
        clock=state.clock,
        due_at=state.due_at,
        assigned=req.assignee is not None,
        link=absolute_url("requests.show", request_id=req.id),
    )


def add_holiday(day, name: str) -> ClosingDay:
    """An office closing day: deadlines from now on skip it."""
    if db.session.scalar(sa.select(ClosingDay).where(ClosingDay.day == day)):
        raise DomainError(_l("This day is already a closing day."), field="day")
    holiday = ClosingDay(day=day, name=name.strip())
    db.session.add(holiday)
    db.session.flush()
    return holiday


def remove_holiday(holiday: ClosingDay) -> None:
    """Deadlines already set stay; new ones count the day again."""
    db.session.delete(holiday)
    db.session.flush()
