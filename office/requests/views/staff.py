"""Staff work on requests: steps, forwarding to the board, the queue, holidays."""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from functools import partial

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.models import User
from office.contacts.models import Organisation, Person
from office.core import bounds, cache, staff_pages
from office.core.access import staff_required
from office.core.business_calendar import office_calendar, public_holidays
from office.core.clock import local_now, office_tz, utcnow
from office.core.forms import render_form
from office.core.models import ClosingDay
from office.core.pagination import paginate
from office.core.transaction import perform
from office.extensions import db
from office.governance import interface as board
from office.governance.models import BoardMeeting
from office.requests import bp, rules
from office.requests.forms import (
    STATUS_FILTER,
    HolidayForm,
    MessageForm,
)
from office.requests.labels import INBOUND_REASON_LABELS, STATUS_LABELS
from office.requests.models import InboundMail
from office.requests.services import queue as staff_queue
from office.requests.services import replies, workflow
from office.requests.views.detail import (
    _detail,
    _forward_form,
    _transition_form,
    _visible_or_404,
)


@bp.route("/<int:request_id>/status", methods=["POST"])
@staff_required
def change_status(request_id):
    req = _visible_or_404(request_id)
    form = _transition_form(req, formdata=request.form)
    form.target.choices = [(t, STATUS_LABELS[t]) for t in rules.STATUSES]  # the service decides
    if form.validate_on_submit() and perform(
        workflow.transition, current_user, req, form.target.data, **_step_inputs(form), form=form
    ):
        flash(_("The request is now “%(status)s”.", status=STATUS_LABELS[req.status]), "success")
        return redirect(url_for("requests.show", request_id=req.id))
    req = _visible_or_404(request_id)
    form.target.choices = _transition_form(req).target.choices
    return _detail(req, MessageForm(formdata=None), status=422, transition_form=form)


def _step_inputs(form) -> dict:
    """The transition form's choices as the objects the service takes."""
    return {
        "assignee": _chosen(User, form.assignee.data),
        "reason": form.reason.data,
        "organisation": _chosen(Organisation, form.organisation.data),
        "person": _chosen(Person, form.person.data),
        "outcome": form.outcome.data,
        "lessons": form.lessons.data,
        "note": form.note.data,
    }


def _chosen(model, value):
    return db.session.get(model, int(value)) if value else None


@bp.route("/<int:request_id>/forward", methods=["POST"])
@staff_required
def forward(request_id):
    req = _visible_or_404(request_id)
    form = _forward_form(formdata=request.form)
    if form.validate_on_submit():
        done = perform(
            board.forward_request,
            current_user,
            req,
            procedure=form.procedure.data,
            meeting=_chosen(BoardMeeting, form.meeting.data),
            deadline=_end_of_day(form.deadline.data),
            public=form.public.data == "1",
            note=form.note.data,
            form=form,
        )
        if done:
            flash(_("The request has been forwarded to the advisory board."), "success")
            return redirect(url_for("governance.item", item_id=done.value.id))
        req = _visible_or_404(request_id)
    return _detail(req, MessageForm(formdata=None), status=422, forward_form=form)


def _end_of_day(day) -> datetime | None:
    """The last second of the day in the office's time zone, in UTC (none without a day)."""
    if not day:
        return None
    return datetime.combine(day, time(23, 59, 59), office_tz()).astimezone(UTC)


#: what the request queue shows
QUEUE_TABLES = ("help_requests", "users", "office_holidays")
#: the queue's overdue marks may be this many minutes old
QUEUE_MINUTES = 5


@bp.route("/queue")
@staff_required
def queue():
    filters = _queue_filters(request.args)
    now = _queue_minute()
    mine = str(current_user.id) if filters["assignee"] == "me" else None
    parts = (mine, now.isoformat())
    page = partial(_queue_page, filters, mine, now, parts)
    return staff_pages.kept("requests.queue", QUEUE_TABLES, page, parts=parts)


def _queue_page(filters: dict, mine: str | None, now: datetime, parts: tuple) -> str:
    context = partial(_queue_context, filters, mine, now)
    body = cache.rendered("requests.queue", QUEUE_TABLES, "requests/_queue.html", context, parts)
    return render_template("requests/queue.html", body=body)


def _queue_filters(args) -> dict:
    """The queue's filters from the query string; unknown values fall back to the defaults."""
    status = args.get("status", "open")
    return {
        "status": status if status in STATUS_FILTER else "open",
        "type_": args.get("type") if args.get("type") in rules.REQUEST_TYPES else None,
        "due": args.get("due") if args.get("due") in ("overdue", "due_soon") else None,
        "assignee": _queue_assignee(args.get("assignee", "")),
        "q": args.get("q", "").strip()[:100],
    }


def _queue_assignee(assignee: str) -> str:
    """The assignee filter: empty, "none", "me" or a user id; anything else means all."""
    if assignee not in ("", "none", "me") and bounds.parse_int(assignee) is None:
        return ""
    return assignee


def _queue_minute() -> datetime:
    """Now, rounded down to QUEUE_MINUTES, so that the cached queue is shared for that long."""
    now = utcnow().replace(second=0, microsecond=0)
    return now - timedelta(minutes=now.minute % QUEUE_MINUTES)


def _queue_context(filters: dict, mine: str | None, now: datetime) -> dict:
    stmt = staff_queue.queue_statement(
        status=filters["status"],
        type_=filters["type_"],
        assignee_id=mine or filters["assignee"],
        due=filters["due"],
        q=filters["q"],
        now=now,
    )
    page = paginate(stmt, request.args.get("page"), per_page=30)
    calendar = office_calendar()
    return {
        **filters,
        "page": page,
        "states": {r.id: _next_clock(r, now, calendar) for r in page.items},
        "counts": {key: _count_due(key, now) for key in ("overdue", "due_soon")},
        "statuses": STATUS_FILTER,
    }


def _count_due(due: str, now: datetime) -> int:
    """How many open requests are overdue or due soon."""
    open_due = staff_queue.queue_statement(status="open", due=due, now=now).order_by(None)
    return db.session.scalar(sa.select(sa.func.count()).select_from(open_due.subquery()))


def _next_clock(req, now, calendar):
    """The clock whose deadline comes first (the queue shows that one)."""
    states = staff_queue.clock_states(req, now, calendar)
    return min(states, key=lambda state: state.due_at, default=None)


@bp.route("/holidays", methods=["GET", "POST"])
@staff_required
def holidays():
    form = HolidayForm()
    if form.validate_on_submit() and perform(
        staff_queue.add_holiday, form.day.data, form.name.data, form=form
    ):
        flash(_("The closing day has been added."), "success")
        return redirect(url_for("requests.holidays"))
    first = local_now().date().replace(month=1, day=1)
    calendar = office_calendar()
    return render_form(
        "requests/holidays.html",
        form,
        closing_days=_closing_days_from(first),
        public=_public_holidays(calendar, first),
        hours=calendar.hours,
        levels=rules.SERVICE_LEVELS,
        region=current_app.config["OFFICE_HOLIDAYS"],
    )


def _closing_days_from(first) -> list[ClosingDay]:
    """The office's own closing days from `first` on."""
    stmt = sa.select(ClosingDay).where(ClosingDay.day >= first)
    return db.session.scalars(stmt.order_by(ClosingDay.day)).all()


def _public_holidays(calendar, first):
    """This year's and next year's public holidays on working days, named in the user's language."""
    language = {"en": "en_US"}.get(str(get_locale()), str(get_locale()))
    public = public_holidays(current_app.config["OFFICE_HOLIDAYS"], language)
    named = replace(calendar, public=public)
    return named.closed_days(first, first.replace(year=first.year + 1, month=12, day=31))


@bp.route("/holidays/<int:holiday_id>/delete", methods=["POST"])
@staff_required
def delete_holiday(holiday_id):
    holiday = db.session.get(ClosingDay, holiday_id) or abort(404)
    if perform(staff_queue.remove_holiday, holiday):
        flash(_("The closing day has been removed."), "success")
    return redirect(url_for("requests.holidays"))


@bp.route("/inbox")
@staff_required
def inbox():
    """Mail that did not join a thread by itself: staff read it and act."""
    waiting = _mail_for_review()
    return render_template("requests/inbox.html", mails=waiting, reasons=INBOUND_REASON_LABELS)


def _mail_for_review(limit: int = 200) -> list[InboundMail]:
    """The mail waiting for staff, newest first."""
    stmt = sa.select(InboundMail).where(InboundMail.status == "review")
    return db.session.scalars(stmt.order_by(InboundMail.received_at.desc()).limit(limit)).all()


@bp.route("/inbox/<int:mail_id>/handled", methods=["POST"])
@staff_required
def mail_handled(mail_id):
    mail = db.session.get(InboundMail, mail_id) or abort(404)
    if perform(replies.mark_handled, mail):
        flash(_("The mail is marked as handled."), "success")
    return redirect(url_for("requests.inbox"))
