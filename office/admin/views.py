import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from office.admin import bp
from office.admin.forms import InviteForm, UserEditForm
from office.auth import interface as accounts
from office.auth.models import User
from office.core import audit_trail as trail
from office.core import jobs as periodic
from office.core.access import (
    admin_required,
    is_staff,
    recent_password_required,
    staff_required,
)
from office.core.clock import utcnow
from office.core.forms import render_form
from office.core.models import OutboxMessage
from office.core.outbox import grants_access, redact_access_links, send_again
from office.core.pagination import paginate
from office.core.registry import home_panel
from office.core.security_log import security_event
from office.core.transaction import perform
from office.extensions import db


@bp.route("/users")
@staff_required
def users():
    query = request.args.get("q", "").strip()[:100]
    page = paginate(_users_matching(query), request.args.get("page"), per_page=50)
    return render_template("admin/users.html", page=page, query=query)


def _users_matching(query: str):
    stmt = sa.select(User).order_by(User.name)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.name).like(like), User.email.like(like)))
    return stmt


@bp.route("/users/invite", methods=["GET", "POST"])
@staff_required
@recent_password_required
def invite():
    form = InviteForm()
    if form.validate_on_submit() and (
        invited := perform(
            accounts.invite,
            current_user,
            form.email.data,
            form.name.data,
            form.roles.data,
            form.locale.data,
            form=form,
        )
    ):
        flash(_("%(name)s has been invited by email.", name=invited.value.name), "success")
        return redirect(url_for("admin.users"))
    return render_form("admin/invite.html", form)


def _manageable(user_id: int) -> User:
    """The account, if the current user may manage it (only administrators manage
    administrators); otherwise 403."""
    user = db.session.get(User, user_id) or abort(404)
    if not accounts.may_manage_account(current_user, user):
        security_event("forbidden", current_user, target_user_id=user.id)
        abort(403)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@staff_required
@recent_password_required
def edit_user(user_id):
    user = _manageable(user_id)
    form = UserEditForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.roles.data = sorted(user.role_names)
    before = _access_of(user)
    if form.validate_on_submit() and perform(
        accounts.update_account, current_user, user, form.roles.data, form.active.data, form=form
    ):
        if before != _access_of(user):
            roles, active = _access_of(user)
            security_event(
                "account_changed", current_user, target_user_id=user.id, roles=roles, active=active
            )
        flash(_("The account is saved."), "success")
        return redirect(url_for("admin.users"))
    return render_form("admin/edit_user.html", form, user=user)


def _access_of(user: User) -> tuple[list[str], bool]:
    """What an account may do: its roles and whether it is active."""
    return sorted(user.role_names), user.active


@bp.route("/users/<int:user_id>/reinvite", methods=["POST"])
@staff_required
def reinvite(user_id):
    user = _manageable(user_id)
    if user.password_hash:
        flash(_("This person has set a password already."), "error")
    elif perform(accounts.invite_again, user, current_user):
        flash(_("The invitation was sent again."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/outbox")
@staff_required
def outbox():
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    page = paginate(stmt, request.args.get("page"), per_page=25)
    return render_template("admin/outbox.html", page=page)


@bp.route("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template(
        "admin/outbox_message.html",
        message=message,
        body=redact_access_links(message.body_text),
        grants_access=grants_access(message),
    )


@bp.route("/outbox/<int:message_id>/send-again", methods=["POST"])
@staff_required
def outbox_send_again(message_id):
    """Staff cannot read an access link, but can send the mail to its recipient once more."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    copy = perform(send_again, message).value
    security_event("mail_sent_again", current_user, message_id=message.id, copy_id=copy.id)
    flash(_("The mail is queued again for %(recipient)s.", recipient=message.recipient), "success")
    return redirect(url_for("admin.outbox_message", message_id=copy.id))


@bp.route("/jobs")
@staff_required
def jobs():
    return render_template("admin/jobs.html", statuses=periodic.statuses(utcnow()))


@home_panel
def late_jobs():
    """On the staff home page: the periodic jobs that have not succeeded in time."""
    if not is_staff(current_user):
        return ""
    late = periodic.late_jobs(utcnow())
    html = render_template("admin/_late_jobs.html", late=late) if late else ""
    return Markup(html)  # noqa: S704  # nosec B704 - rendered by an autoescaping template


@bp.route("/audit")
@admin_required
def audit_trail():
    return trail.trail_page(
        _("Audit trail"),
        _(
            "Every significant operation of every module, in the order it happened. Entries name "
            "objects and actors by id and role, never by name; they cannot be changed or deleted."
        ),
        "admin.audit_trail_csv",
    )


@bp.route("/audit.csv")
@admin_required
def audit_trail_csv():
    return trail.trail_csv()
