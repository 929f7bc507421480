from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.models import User, UserRole
from office.contacts.models import Organisation, Person
from office.core.access import login_required, public, staff_required
from office.core.clock import local_now, office_tz
from office.core.errors import DomainError, NotFound
from office.core.forms import show_domain_error
from office.core.pagination import paginate
from office.extensions import db, limiter
from office.requests import bp, rules, services, uploads
from office.requests.forms import (
    CHOICE_LABELS,
    STATUS_FILTER,
    ForwardForm,
    HolidayForm,
    MessageForm,
    TransitionForm,
    detail_labels,
    request_form_class,
)
from office.requests.models import HelpRequest, Holiday, RequestAttachment
from office.requests.services import STATUS_LABELS, TYPE_LABELS


@bp.app_context_processor
def _labels():
    labels = detail_labels()
    return {
        "request_status_label": STATUS_LABELS,
        "request_type_label": TYPE_LABELS,
        "detail_label": lambda key: labels.get(key, key),
        "detail_value": lambda key, value: CHOICE_LABELS.get(key, {}).get(value, value),
    }


def _available_types():
    actor = current_user if current_user.is_authenticated else None
    return [t for t in rules.REQUEST_TYPES if services.may_submit_type(actor or object(), t)]


@bp.route("/")
@public
def index():
    mine = []
    if current_user.is_authenticated:
        mine = db.session.scalars(
            sa.select(HelpRequest)
            .where(HelpRequest.requester_id == current_user.id)
            .order_by(HelpRequest.id.desc())
        ).all()
    return render_template("requests/index.html", types=_available_types(), mine=mine)


@bp.route("/new/<type_>", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def new(type_):
    if type_ not in rules.REQUEST_TYPES:
        abort(404)
    if type_ not in _available_types():
        abort(404)
    is_public = not current_user.is_authenticated
    form = request_form_class(type_, is_public)()
    if form.validate_on_submit():
        requester = current_user._get_current_object()
        if is_public:
            requester = services.Contact(
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data or "",
                phone=form.phone.data or "",
                locale=str(_current_locale()),
            )
        details = {name: getattr(form, name).data for name in rules.REQUEST_TYPES[type_]}
        files = [
            services.Upload(f.filename, f.read())
            for f in request.files.getlist(form.attachments.name)
            if f and f.filename
        ]
        try:
            req = services.submit_request(
                requester,
                type_,
                title=form.title.data,
                description=form.description.data,
                details=details,
                attachments=files,
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            if is_public:
                return render_template("requests/check_email.html", email=req.requester_email)
            flash(_("Your request %(ref)s has been submitted.", ref=req.reference), "success")
            return redirect(url_for("requests.show", request_id=req.id))
    return render_template("requests/new.html", form=form, type_=type_, is_public=is_public)


def _current_locale():
    from flask_babel import get_locale

    return get_locale()


@bp.route("/confirm/<token>")
@public
def confirm(token):
    try:
        req = services.confirm_email(token)
    except NotFound:
        abort(404)
    except DomainError as err:
        db.session.rollback()
        return render_template(
            "errors/error.html", status=400, title=_("Link not valid"), message=err.message
        ), 400
    db.session.commit()
    flash(_("Thank you, your address is confirmed. We have received your request."), "success")
    return redirect(url_for("requests.private", token=services.access_token(req)))


def _detail(req, message_form, private_token=None):
    today = local_now().date()
    context = {
        "req": req,
        "message_form": message_form,
        "private_token": private_token,
        "due": services.due_state(req, today, services.holidays()),
        "is_staff": current_user.is_authenticated and current_user.has_role("office_staff"),
        "can_write": private_token is not None or services.can_write(current_user, req),
        "board_items": _board_items(req) if private_token is None else [],
    }
    if context["is_staff"] and private_token is None:
        context["transition_form"] = _transition_form(req)
        context["forward_form"] = _forward_form()
    return render_template("requests/show.html", **context)


def _board_items(req):
    from office.governance.models import AgendaItem

    if not current_user.has_role("office_staff", "board_member"):
        return []
    return db.session.scalars(sa.select(AgendaItem).where(AgendaItem.request_id == req.id)).all()


def _transition_form(req, formdata=None):
    form = TransitionForm(prefix="step", formdata=formdata)
    form.target.choices = [
        (t, STATUS_LABELS[t])
        for t in rules.STATUSES
        if t in rules.allowed_targets(req.status)
        and t != "board_review"
        and (req.status != "board_review" or t == "in_triage")
    ]
    staff = db.session.scalars(
        sa.select(User)
        .join(UserRole)
        .where(UserRole.role == "office_staff", User.active.is_(True))
        .order_by(User.name)
    ).all()
    form.assignee.choices = [("", "–")] + [(str(u.id), u.name) for u in staff]
    if formdata is None and req.assignee_id:
        form.assignee.data = str(req.assignee_id)
    departments = db.session.scalars(
        sa.select(Organisation).where(Organisation.kind == "department").order_by(Organisation.name)
    ).all()
    form.organisation.choices = [("", "–")] + [(str(o.id), o.name) for o in departments]
    people = db.session.scalars(
        sa.select(Person)
        .join(Person.organisation)
        .where(Organisation.kind == "department")
        .order_by(Person.last_name)
    ).all()
    form.person.choices = [("", "–")] + [
        (str(p.id), f"{p.name} ({p.organisation})") for p in people
    ]
    return form


def _forward_form(formdata=None):
    from office.governance.models import BoardMeeting

    form = ForwardForm(prefix="forward", formdata=formdata)
    meetings = db.session.scalars(
        sa.select(BoardMeeting)
        .where(BoardMeeting.starts_at >= datetime.now(UTC))
        .order_by(BoardMeeting.starts_at)
    ).all()
    form.meeting.choices = [("", "–")] + [(str(m.id), m.title) for m in meetings]
    return form


@bp.route("/<int:request_id>")
@login_required
def show(request_id):
    req = _visible_or_404(request_id)
    return _detail(req, MessageForm(formdata=None))


def _visible_or_404(request_id):
    try:
        return services.get_visible(current_user, request_id)
    except NotFound:
        abort(404)


@bp.route("/<int:request_id>/messages", methods=["POST"])
@login_required
def message(request_id):
    req = _visible_or_404(request_id)
    if not services.can_write(current_user, req):
        abort(403)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.post_message(req, form.body.data, author=current_user)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("Your message has been sent."), "success")
            return redirect(url_for("requests.show", request_id=req.id) + "#thread")
    return _detail(req, form)


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


def _send_attachment(attachment):
    return send_file(
        uploads.path_of(attachment.stored_name),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )


@bp.route("/files/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    found = db.session.get(RequestAttachment, attachment_id)
    if found is None or not services.can_view(current_user, found.request):
        abort(404)
    return _send_attachment(found)


@bp.route("/r/<token>", methods=["GET", "POST"])
@public
def private(token):
    """The requester's own page, reached by the link in their emails (no account needed)."""
    try:
        req = services.request_from_access_token(token)
    except NotFound:
        abort(404)
    form = MessageForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.post_message(req, form.body.data)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("Your message has been sent."), "success")
            return redirect(url_for("requests.private", token=token) + "#thread")
    return _detail(req, form, private_token=token)


@bp.route("/r/<token>/files/<int:attachment_id>")
@public
def private_attachment(token, attachment_id):
    try:
        req = services.request_from_access_token(token)
    except NotFound:
        abort(404)
    found = db.session.get(RequestAttachment, attachment_id)
    if found is None or found.request_id != req.id:
        abort(404)
    return _send_attachment(found)


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
    if assignee not in ("", "none", "me") and not assignee.isdigit():
        assignee = ""
    q = args.get("q", "").strip()[:100]
    today = local_now().date()
    stmt = services.queue_statement(
        status=status,
        type_=type_,
        assignee_id=str(current_user.id) if assignee == "me" else assignee,
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
    return render_template(
        "requests/queue.html",
        page=page,
        status=status,
        type_=type_,
        due=due,
        assignee=assignee,
        q=q,
        today=today,
        states={r.id: services.due_state(r, today, hol) for r in page.items},
        counts=counts,
        statuses=STATUS_FILTER,
    )


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
