"""The staff queue, response-time states and reminders, holidays."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.clock import utcnow
from office.core.db import for_update
from office.core.errors import DomainError
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.extensions import db
from office.requests import rules
from office.requests.models import (
    HelpRequest,
    Holiday,
)
from office.requests.services.intake import holidays, local_date


def queue_statement(status=None, type_=None, assignee_id=None, due=None, q="", today=None):
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
    if due and today is not None:
        unanswered = HelpRequest.first_response_at.is_(None)
        if due == "overdue":
            stmt = stmt.where(unanswered, HelpRequest.due_on < today)
        elif due == "due_soon":
            soon = rules.add_working_days(today, 2, holidays())
            stmt = stmt.where(unanswered, HelpRequest.due_on >= today, HelpRequest.due_on <= soon)
    if q:
        like = f"%{q.lower()}%"
        conditions = [
            sa.func.lower(HelpRequest.title).like(like),
            sa.func.lower(HelpRequest.requester_name).like(like),
            HelpRequest.requester_email.like(like),
            sa.func.lower(HelpRequest.requester_organisation).like(like),
        ]
        digits = q.upper().removeprefix("A-").lstrip("0")
        if digits.isdigit():
            conditions.append(HelpRequest.id == int(digits))
        stmt = stmt.where(sa.or_(*conditions))
    return stmt.order_by(HelpRequest.due_on.asc().nulls_last(), HelpRequest.id)


def due_state(req: HelpRequest, today, hol=None):
    answered = req.first_response_at is not None or req.status in rules.CLOSED_STATUSES
    return rules.due_state(req.due_on, today, answered, holidays=hol or frozenset())


def remind(now: datetime | None = None) -> int:
    """Email assignees about requests due soon or overdue; each reminder kind is sent once."""
    now = now or utcnow()
    today = local_date(now)
    hol = holidays()
    sent = 0
    stmt = sa.select(HelpRequest).where(
        HelpRequest.status.in_(rules.OPEN_STATUSES),
        HelpRequest.first_response_at.is_(None),
        HelpRequest.assignee_id.is_not(None),
        HelpRequest.due_on.is_not(None),
    )
    # row locks: a second server running `remind` at the same time waits here and then sees
    # the `reminded` mark of the first (no reminder twice); SQLite serialises writers anyway
    for req in db.session.scalars(for_update(stmt)):
        kind = rules.reminder_kind(due_state(req, today, hol))
        if kind is None or req.reminded == kind:
            continue
        queue_mail(
            req.assignee.email,
            _l("Request %(ref)s is overdue", ref=req.reference)
            if kind == "overdue"
            else _l("Request %(ref)s is due soon", ref=req.reference),
            "requests/reminder",
            locale=req.assignee.locale,
            req=req,
            kind=kind,
            link=absolute_url("requests.show", request_id=req.id),
        )
        req.reminded = kind
        sent += 1
    db.session.flush()
    return sent


def add_holiday(day, name: str) -> Holiday:
    if db.session.scalar(sa.select(Holiday).where(Holiday.day == day)):
        raise DomainError(_l("This day is already a holiday."), field="day")
    holiday = Holiday(day=day, name=name.strip())
    db.session.add(holiday)
    db.session.flush()
    return holiday


def remove_holiday(holiday: Holiday) -> None:
    """Due dates already set stay; new ones count the day again."""
    db.session.delete(holiday)
    db.session.flush()
