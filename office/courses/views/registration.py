"""Registering for a run, the links in the emails, "My courses", cancelling and handing a seat
over to a colleague."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import access, login_required, public
from office.core.clock import utcnow
from office.core.errors import DomainError, NotFound
from office.core.forms import ActionForm, confirm_link_page, link_button_pressed, render_form
from office.core.page_cache import kept
from office.core.transaction import perform
from office.courses import bp
from office.courses.forms.registration import (
    GuestRegistrationForm,
    StaffRegistrationForm,
    SubstituteForm,
)
from office.courses.models import CourseRun, Registration
from office.courses.permissions import SELF_REGISTRATION, can_self_register, owns_registration
from office.courses.queries import run_counts, run_status
from office.courses.services import booking, registrations
from office.courses.services.booking import Applicant
from office.courses.views.common import message, staff_applicant
from office.courses.views.confirm import Step, confirmation_page
from office.extensions import db, limiter


def _guest(form) -> Applicant:
    fields = (
        "name",
        "email",
        "organisation",
        "department",
        "billing_reference",
        "routing_id",
        "billing_street",
        "billing_postcode",
        "billing_city",
        "billing_country",
        "needs",
    )
    return Applicant(
        **{name: getattr(form, name).data or "" for name in fields}, locale=str(get_locale())
    )


def _remember(registration: Registration) -> None:
    # a guest may see the outcome of their own registrations (this browser session) only
    session["course_registrations"] = [
        *session.get("course_registrations", [])[-9:],
        registration.id,
    ]


def _book(run: CourseRun, form, staff_member: bool):
    if staff_member:
        return perform(
            booking.book_seat,
            run.id,
            staff_applicant(form.needs.data),
            utcnow(),
            email_confirmed=True,
            form=form,
        )
    return perform(booking.register_guest, run.id, _guest(form), utcnow(), form=form)


def _booked(done, staff_member: bool):
    registration, repeated = (done.value, False) if staff_member else done.value
    if repeated and registration.id not in session.get("course_registrations", []):
        # the address was registered before, maybe by someone else: it gets the email
        return message(
            _("Registration"),
            _("Thank you. We have sent an email about this registration to the address you gave."),
        )  # noqa: E501
    _remember(registration)
    return redirect(url_for("courses.registered", registration_id=registration.id))


@bp.route("/runs/<int:run_id>/register", methods=["GET", "POST"])
@public
@limiter.limit("60 per minute", methods=["POST"], exempt_when=lambda: current_user.is_authenticated)
@kept
def register(run_id):
    run = db.session.get(CourseRun, run_id)
    if run is None or not run.published or not run.course.visible:
        abort(404)
    now = utcnow()
    staff_member = can_self_register(current_user)
    form = StaffRegistrationForm() if staff_member else GuestRegistrationForm()
    if form.validate_on_submit() and (done := _book(run, form, staff_member)):
        return _booked(done, staff_member)
    counts = run_counts([run.id])[run.id]
    return render_form(
        "courses/register.html",
        form,
        run=run,
        counts=counts,
        staff_member=staff_member,
        status=run_status(run, now, counts["confirmed"]),
        accepting=run.accepts_registrations(now),
        free_until=booking.free_until(run),
    )


@bp.route("/registrations/<int:registration_id>")
@public
def registered(registration_id):
    """After submitting: what happens next; only for the person who registered."""
    registration = db.session.get(Registration, registration_id)
    if not _is_mine(registration):
        abort(404)
    return render_template("courses/registered.html", registration=registration, mine=True)


def _is_mine(registration: Registration | None) -> bool:
    """Registered by this account, or in this browser session (a guest)."""
    return registration is not None and (
        owns_registration(current_user, registration)
        or registration.id in session.get("course_registrations", [])
    )


@bp.route("/registrations/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token):
    if not link_button_pressed():
        registration = _by_token(token, "course-confirm")  # a forged link: 404 at once
        if registration.email_confirmed_at is not None:
            return render_template("courses/registered.html", registration=registration, mine=True)
        text = _("Please confirm your email address to complete your registration.")
        return confirm_link_page(_("Registration"), text, _("Confirm my address"))
    done = perform(booking.confirm_guest_email, token, utcnow(), form=ActionForm())
    if isinstance(done.error, NotFound):
        abort(404)
    if not done:
        return message(_("Registration"), done.error.message)
    return render_template("courses/registered.html", registration=done.value, mine=True)


def _by_token(token: str, purpose: str = "course-cancel") -> Registration:
    try:
        return booking.registration_from_token(token, purpose)
    except DomainError:
        abort(404)


def _mine(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or not owns_registration(current_user, registration):
        abort(404)
    return registration


@bp.route("/registrations/cancel/<token>", methods=["GET", "POST"])
@public
def cancel(token):
    registration = _by_token(token)
    links = {
        "action": url_for("courses.cancel", token=token),
        "substitute": url_for("courses.substitute", token=token),
    }
    return _cancel_page(registration, links)


@bp.route("/my/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_mine(registration_id):
    registration = _mine(registration_id)
    links = {
        "action": url_for("courses.cancel_mine", registration_id=registration.id),
        "substitute": url_for("courses.substitute_mine", registration_id=registration.id),
    }
    return _cancel_page(registration, links)


def _cancel_page(registration: Registration, links: dict):
    form = ActionForm()
    now = utcnow()
    if form.validate_on_submit() and perform(
        booking.cancel_registration, registration, now, form=form
    ):
        flash(_("Your registration is cancelled."), "success")
        if current_user.is_authenticated:
            return redirect(url_for("courses.my_courses"))
        return redirect(url_for("courses.course", slug=registration.run.course.slug))
    fee = booking.cancellation_fee(registration, registration.run, now)
    return render_form(
        "courses/cancel.html",
        form,
        registration=registration,
        fee=fee,
        links=links,
        late=booking.is_late(registration, registration.run, now),
    )


@bp.route("/my")
@access(SELF_REGISTRATION)
def my_courses():
    mine = sa.or_(Registration.user_id == current_user.id, Registration.email == current_user.email)
    rows = db.session.scalars(sa.select(Registration).where(mine).order_by(Registration.id.desc()))
    return render_template("courses/my.html", registrations=rows.all(), now=utcnow())


def substitute_page(registration: Registration, back: str, actor, done: str):
    """Hand the seat to a colleague: the form, a confirmation step, then both are emailed."""
    form = SubstituteForm()
    if request.method == "GET":
        form.locale.data = str(get_locale())
    if form.validate_on_submit() and form.is_confirmed():
        colleague = registrations.Colleague(
            form.name.data, form.email.data, form.department.data or "", form.locale.data
        )
        if perform(registrations.substitute, registration, colleague, actor, utcnow(), form=form):
            flash(_("The seat is handed over. We have emailed both of you."), "success")
            return redirect(done)
    elif form.validate_on_submit():
        return _confirm_substitution(registration, form, back)
    return render_form(
        "courses/substitute.html", form.unconfirmed(), registration=registration, back=back
    )  # noqa: E501


def _confirm_substitution(registration: Registration, form, back: str):
    return confirmation_page(
        Step(
            _("Hand over the seat"),
            _(
                "%(old)s's seat goes to %(new)s (%(email)s) at the same price. Both get an email.",
                old=registration.name,
                new=form.name.data,
                email=form.email.data,
            ),
            back,
            repost=True,
        )
    )


@bp.route("/registrations/substitute/<token>", methods=["GET", "POST"])
@public
def substitute(token):
    registration = _by_token(token)
    back = url_for("courses.cancel", token=token)
    done = url_for("courses.course", slug=registration.run.course.slug)
    return substitute_page(registration, back, None, done)


@bp.route("/my/<int:registration_id>/substitute", methods=["GET", "POST"])
@login_required
def substitute_mine(registration_id):
    registration = _mine(registration_id)
    back = url_for("courses.my_courses")
    return substitute_page(registration, back, current_user, back)
