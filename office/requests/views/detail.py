"""The page of one request: details, thread, history, attachments; the private link."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.interface import active_office_staff
from office.contacts.models import Organisation, Person
from office.core.access import login_required, owned_or_404, public
from office.core.clock import utcnow
from office.core.errors import NotFound
from office.core.forms import ActionForm
from office.core.transaction import perform
from office.extensions import db, limiter
from office.governance.models import AgendaItem, BoardMeeting
from office.requests import bp, rules
from office.requests.forms import (
    ForwardForm,
    MessageForm,
    RatingForm,
    ReopenForm,
    TransitionForm,
)
from office.requests.labels import STATUS_LABELS
from office.requests.models import RequestAttachment
from office.requests.services import intake, uploads, workflow
from office.requests.services import queue as staff_queue


def _detail(req, message_form, private_token=None, status=200, **forms):
    context = {
        "req": req,
        "message_form": message_form,
        "private_token": private_token,
        "clocks": staff_queue.clock_states(req),
        "is_staff": current_user.is_authenticated and current_user.has_role("office_staff"),
        "can_write": private_token is not None or workflow.can_write(current_user, req),
        "board_items": _board_items(req) if private_token is None else [],
        "reopen_form": forms.get("reopen_form") or ReopenForm(formdata=None),
        "rating_form": forms.get("rating_form") or RatingForm(formdata=None),
        "may_reopen": rules.may_reopen(
            req.status, req.closed_at, utcnow(), current_app.config["REQUEST_REOPEN_DAYS"]
        ),
    }
    if context["is_staff"] and private_token is None:
        context["transition_form"] = forms.get("transition_form") or _transition_form(req)
        context["forward_form"] = forms.get("forward_form") or _forward_form()
    return render_template("requests/show.html", **context), status


def _board_items(req):
    if not current_user.has_role("office_staff", "board_member"):
        return []
    return db.session.scalars(sa.select(AgendaItem).where(AgendaItem.request_id == req.id)).all()


def _transition_form(req, formdata=None):
    form = TransitionForm(prefix="step", formdata=formdata)
    form.target.choices = _target_choices(req)
    form.assignee.choices = [("", "–")] + [
        (str(u.id), u.name) for u in active_office_staff(by_name=True)
    ]
    if formdata is None and req.assignee_id:
        form.assignee.data = str(req.assignee_id)
    form.organisation.choices = [("", "–")] + [(str(o.id), o.name) for o in _departments()]
    people = _department_people()
    form.person.choices = [("", "–")] + [
        (str(p.id), f"{p.name} ({p.organisation})") for p in people
    ]
    return form


def _target_choices(req) -> list[tuple[str, str]]:
    """Where staff may move the request: the board's review is reached by forwarding, and a
    request in the board's review goes back to triage only."""
    allowed = rules.allowed_targets(req.status, req.status_before_waiting) - {"board_review"}
    if req.status == "board_review":
        allowed &= {"in_triage"}
    return [(t, STATUS_LABELS[t]) for t in rules.STATUSES if t in allowed]


def _departments() -> list[Organisation]:
    stmt = sa.select(Organisation).where(Organisation.kind == "department")
    return db.session.scalars(stmt.order_by(Organisation.name)).all()


def _department_people() -> list[Person]:
    stmt = sa.select(Person).join(Person.organisation).where(Organisation.kind == "department")
    return db.session.scalars(stmt.order_by(Person.last_name)).all()


def _forward_form(formdata=None):
    form = ForwardForm(prefix="forward", formdata=formdata)
    form.meeting.choices = [("", "–")] + [(str(m.id), m.title) for m in _coming_meetings()]
    return form


def _coming_meetings() -> list[BoardMeeting]:
    """The board's meetings still to come: a request can be forwarded to one of them."""
    stmt = sa.select(BoardMeeting).where(BoardMeeting.starts_at >= datetime.now(UTC))
    return db.session.scalars(stmt.order_by(BoardMeeting.starts_at)).all()


@bp.route("/<int:request_id>")
@login_required
def show(request_id):
    req = _visible_or_404(request_id)
    return _detail(req, MessageForm(formdata=None))


def _visible_or_404(request_id):
    try:
        return workflow.get_visible(current_user, request_id)
    except NotFound:
        abort(404)


@bp.route("/<int:request_id>/messages", methods=["POST"])
@login_required
def message(request_id):
    req = _visible_or_404(request_id)
    if not workflow.can_write(current_user, req):
        abort(403)
    form = MessageForm()
    if form.validate_on_submit() and perform(
        workflow.post_message, req, form.body.data, author=current_user, form=form
    ):
        flash(_("Your message has been sent."), "success")
        return redirect(url_for("requests.show", request_id=req.id) + "#thread")
    return _detail(req, form, status=422 if form.errors else 200)


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
    if found is None or not workflow.can_view(current_user, found.request):
        abort(404)
    return _send_attachment(found)


@bp.route("/r/<token>", methods=["GET", "POST"])
@public
def private(token):
    """The requester's own page, reached by the link in their emails (no account needed)."""
    try:
        req = intake.request_from_access_token(token)
    except intake.LinkExpired:
        return render_template("requests/link_expired.html", form=ActionForm(), token=token), 410
    except NotFound:
        abort(404)
    form = MessageForm()
    if (
        request.method == "POST"
        and form.validate_on_submit()
        and perform(workflow.post_message, req, form.body.data, form=form)
    ):
        flash(_("Your message has been sent."), "success")
        return redirect(url_for("requests.private", token=token) + "#thread")
    return _detail(req, form, private_token=token, status=422 if form.errors else 200)


@bp.route("/r/<token>/new-link", methods=["POST"])
@public
@limiter.limit("3 per hour")
def new_private_link(token):
    """An expired private link: mail a fresh one to the requester's stored address."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    done = perform(intake.send_new_private_link, token)
    if isinstance(done.error, NotFound):
        abort(404)
    if done:
        flash(_("We have emailed a new link to the address you gave with your request."), "success")
    return redirect(url_for("core.home"))


@bp.route("/r/<token>/files/<int:attachment_id>")
@public
def private_attachment(token, attachment_id):
    req = _by_token_or_404(token)
    found = owned_or_404(RequestAttachment, attachment_id, request_id=req.id)
    return _send_attachment(found)


def _own_or_404(request_id):
    """The signed-in requester's own request."""
    req = _visible_or_404(request_id)
    if req.requester_id != current_user.id:
        abort(404)
    return req


def _by_token_or_404(token):
    try:
        return intake.request_from_access_token(token)
    except (NotFound, intake.LinkExpired):
        abort(404)


def _requester_step(req, token, form, operation, done_message, *args):
    """Reopen or rate as the requester: commit and go back to the page, or show it again."""
    if form.validate_on_submit() and perform(operation, req, *args, form=form):
        flash(done_message, "success")
        back = (
            url_for("requests.private", token=token)
            if token
            else url_for("requests.show", request_id=req.id)
        )
        return redirect(back)
    forms = {"reopen_form" if isinstance(form, ReopenForm) else "rating_form": form}
    return _detail(req, MessageForm(formdata=None), private_token=token, status=422, **forms)


def _reopen(req, token=None):
    form = ReopenForm()
    message = _("The request is open again; we will answer you.")
    return _requester_step(
        req, token, form, workflow.reopen_by_requester, message, form.reason.data
    )


def _rate(req, token=None):
    form = RatingForm()
    stars = int(form.rating.data) if (form.rating.data or "").isdigit() else 0
    return _requester_step(
        req, token, form, _rate_now, _("Thank you for your rating."), stars, form.comment.data
    )


def _rate_now(req, stars, comment):
    return workflow.rate(req, stars, comment, utcnow())


@bp.route("/<int:request_id>/reopen", methods=["POST"])
@login_required
def reopen(request_id):
    return _reopen(_own_or_404(request_id))


@bp.route("/r/<token>/reopen", methods=["POST"])
@public
def private_reopen(token):
    return _reopen(_by_token_or_404(token), token)


@bp.route("/<int:request_id>/rating", methods=["POST"])
@login_required
def rate(request_id):
    return _rate(_own_or_404(request_id))


@bp.route("/r/<token>/rating", methods=["POST"])
@public
def private_rate(token):
    return _rate(_by_token_or_404(token), token)
