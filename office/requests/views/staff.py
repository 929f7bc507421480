"""Staff work on requests: steps, forwarding to the board, the queue, holidays."""

from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.models import User
from office.contacts.models import Organisation, Person
from office.core import bounds, cache
from office.core.access import staff_required
from office.core.clock import local_now, office_tz
from office.core.errors import DomainError
from office.core.forms import show_domain_error
from office.core.pagination import paginate
from office.extensions import db
from office.requests import bp, rules, services
from office.requests.forms import (
    STATUS_FILTER,
    HolidayForm,
    MessageForm,
)
from office.requests.models import Holiday
from office.requests.services import STATUS_LABELS
from office.requests.views.detail import _forward_form, _transition_form, _visible_or_404


@bp.route("/<int:request_id>/status", methods=["POST"])
@staff_required
def change_status(request_id):
    req = _visible_or_404(request_id)
    form = _transition_form(req, formdata=request.form)
    form.target.choices = [(t, STATUS_LABELS[t]) for t in rules.STATUSES]  # the service decides
    if form.validate_on_submit():
        try:
            services.transition(
                current_user,
                req,
                form.target.data,
                assignee=db.session.get(User, int(form.assignee.data))
                if form.assignee.data
                else None,
                reason=form.reason.data,
                organisation=db.session.get(Organisation, int(form.organisation.data))
                if form.organisation.data
                else None,
                person=db.session.get(Person, int(form.person.data)) if form.person.data else None,
                outcome=form.outcome.data,
                lessons=form.lessons.data,
                note=form.note.data,
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
            req = _visible_or_404(request_id)
        else:
            db.session.commit()
            flash(
                _("The request is now “%(status)s”.", status=STATUS_LABELS[req.status]), "success"
            )
            return redirect(url_for("requests.show", request_id=req.id))
    form.target.choices = _transition_form(req).target.choices
    return render_template(
        "requests/show.html",
        req=req,
        message_form=MessageForm(formdata=None),
        transition_form=form,
        forward_form=_forward_form(),
        is_staff=True,
        private_token=None,
        due=services.due_state(req, local_now().date(), services.holidays()),
    ), 422


@bp.route("/<int:request_id>/forward", methods=["POST"])
@staff_required
def forward(request_id):
    from office.governance import services as board
    from office.governance.models import BoardMeeting

    req = _visible_or_404(request_id)
    form = _forward_form(formdata=request.form)
    if form.validate_on_submit():
        deadline = None
        if form.deadline.data:
            deadline = datetime.combine(
                form.deadline.data, time(23, 59, 59), office_tz()
            ).astimezone(UTC)
        meeting = (
            db.session.get(BoardMeeting, int(form.meeting.data)) if form.meeting.data else None
        )
        try:
            item = board.forward_request(
                current_user,
                req,
                procedure=form.procedure.data,
                meeting=meeting,
                deadline=deadline,
                public=form.public.data == "1",
                note=form.note.data,
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
            req = _visible_or_404(request_id)
        else:
            db.session.commit()
            flash(_("The request has been forwarded to the advisory board."), "success")
            return redirect(url_for("governance.item", item_id=item.id))
    return render_template(
        "requests/show.html",
        req=req,
        message_form=MessageForm(formdata=None),
        transition_form=_transition_form(req),
        forward_form=form,
        is_staff=True,
        private_token=None,
        due=services.due_state(req, local_now().date(), services.holidays()),
    ), 422


#: what the request queue shows
QUEUE_TABLES = ("help_requests", "users", "office_holidays")


@bp.route("/queue")
@staff_required
def queue():
    args = request.args
    status = args.get("status", "open")
    if status not in STATUS_FILTER:
        status = "open"
    type_ = args.get("type") if args.get("type") in rules.REQUEST_TYPES else None
    due = args.get("due") if args.get("due") in ("overdue", "due_soon") else None
    assignee = args.get("assignee", "")
    if assignee not in ("", "none", "me") and bounds.parse_int(assignee) is None:
        assignee = ""
    q = args.get("q", "").strip()[:100]
    today = local_now().date()
    mine = str(current_user.id) if assignee == "me" else None

    def context():
        stmt = services.queue_statement(
            status=status,
            type_=type_,
            assignee_id=mine or assignee,
            due=due,
            q=q,
            today=today,
        )
        page = paginate(stmt, args.get("page"), per_page=30)
        hol = services.holidays()
        counts = {
            key: db.session.scalar(
                sa.select(sa.func.count()).select_from(
                    services.queue_statement(status="open", due=key, today=today)
                    .order_by(None)
                    .subquery()
                )
            )
            for key in ("overdue", "due_soon")
        }
        return {
            "page": page,
            "status": status,
            "type_": type_,
            "due": due,
            "assignee": assignee,
            "q": q,
            "today": today,
            "states": {r.id: services.due_state(r, today, hol) for r in page.items},
            "counts": counts,
            "statuses": STATUS_FILTER,
        }

    body = cache.rendered(
        "requests.queue", QUEUE_TABLES, "requests/_queue.html", context, parts=(mine, today)
    )
    return render_template("requests/queue.html", body=body)


@bp.route("/holidays", methods=["GET", "POST"])
@staff_required
def holidays():
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            services.add_holiday(form.day.data, form.name.data)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The holiday has been added."), "success")
            return redirect(url_for("requests.holidays"))
    rows = db.session.scalars(
        sa.select(Holiday)
        .where(Holiday.day >= local_now().date().replace(month=1, day=1))
        .order_by(Holiday.day)
    ).all()
    return render_template(
        "requests/holidays.html", form=form, holidays=rows, response_days=services.response_days()
    )


@bp.route("/holidays/<int:holiday_id>/delete", methods=["POST"])
@staff_required
def delete_holiday(holiday_id):
    holiday = db.session.get(Holiday, holiday_id) or abort(404)
    services.remove_holiday(holiday)
    db.session.commit()
    flash(_("The holiday has been removed."), "success")
    return redirect(url_for("requests.holidays"))
