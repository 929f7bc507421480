"""Public pages: catalogue, course and run pages, registration, links from emails."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.core import cache
from office.core.access import access, login_required, public
from office.core.clock import local_now, utcnow
from office.core.errors import DomainError, NotFound
from office.core.forms import ActionForm, show_domain_error
from office.core.ical import ics_response
from office.courses import bp
from office.courses.calendar import entries_for_run
from office.courses.forms import (
    FeedbackForm,
    GuestRegistrationForm,
    InterestForm,
    StaffRegistrationForm,
    TailorMadeForm,
)
from office.courses.models import Course, CourseRun, Package, Registration
from office.courses.permissions import (
    SELF_REGISTRATION,
    can_manage_courses,
    can_see_course,
    can_self_register,
    owns_registration,
)
from office.courses.queries import visible_catalogue
from office.courses.services import booking, interest, staff
from office.courses.services.booking import Applicant
from office.courses.services.catalogue import run_counts, run_status
from office.courses.services.documents import programme_pdf
from office.extensions import db, limiter
from office.requests.services.intake import Contact


def _course_or_404(slug: str) -> Course:
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None or not can_see_course(current_user, course):
        abort(404)
    return course


def _run_or_404(run_id: int) -> CourseRun:
    run = db.session.get(CourseRun, run_id)
    if run is None or not (
        (run.published and run.course.visible) or can_manage_courses(current_user)
    ):
        abort(404)
    return run


def _annotate(runs, now):
    counts = run_counts([r.id for r in runs])
    return [(r, counts[r.id], run_status(r, now, counts[r.id]["confirmed"])) for r in runs]


#: the tables the public catalogue shows
CATALOGUE_TABLES = (Course, CourseRun, Registration, Package)


def _catalogue_context() -> dict:
    now = utcnow()
    catalogue = visible_catalogue(now, per_course=3)
    packages = db.session.scalars(
        sa.select(Package).where(Package.published).order_by(Package.id)
    ).all()
    items = [
        (
            course,
            [
                (r, catalogue.counts[r.id], run_status(r, now, catalogue.counts[r.id]["confirmed"]))
                for r in runs
            ],
        )
        for course, runs in catalogue.items
    ]
    return {"items": items, "packages": packages}


@bp.route("/")
@public
def index():
    body = cache.rendered(
        "courses.catalogue",
        CATALOGUE_TABLES,
        "courses/_catalogue.html",
        _catalogue_context,
        timed=True,
    )
    return render_template("courses/index.html", catalogue=body)


@bp.route("/<slug>")
@public
def course(slug):
    course = _course_or_404(slug)
    now = utcnow()
    today = local_now().date()
    runs = db.session.scalars(
        sa.select(CourseRun)
        .where(CourseRun.course_id == course.id, CourseRun.published, CourseRun.last_day >= today)
        .order_by(CourseRun.first_day, CourseRun.id)
        .limit(50)
    ).all()
    return render_template(
        "courses/course.html",
        course=course,
        runs=_annotate(runs, now),
        today=today,
        quotes=staff.published_quotes(course.id),
    )


@bp.route("/runs/<int:run_id>.ics")
@public
def run_ics(run_id):
    run = _run_or_404(run_id)
    return ics_response(entries_for_run(run), f"course-{run.id}.ics", name=run.course.title)


def _applicant(form) -> Applicant:
    if can_self_register(current_user):
        org = current_user.organisation
        return Applicant(
            name=current_user.name,
            email=current_user.email,
            organisation=org.name if org else "",
            department=(org.short_name or "") if org else "",
            needs=form.needs.data,
            locale=current_user.locale or request.accept_languages.best_match(["de", "da", "en"]),
            user_id=current_user.id,
        )
    return Applicant(
        name=form.name.data,
        email=form.email.data,
        organisation=form.organisation.data,
        department=form.department.data or "",
        billing_reference=form.billing_reference.data,
        needs=form.needs.data,
        locale=str(_locale()),
    )


def _locale():
    from flask_babel import get_locale

    return get_locale()


@bp.route("/runs/<int:run_id>/register", methods=["GET", "POST"])
@public
@limiter.limit("60 per minute", methods=["POST"], exempt_when=lambda: current_user.is_authenticated)
def register(run_id):
    run = db.session.get(CourseRun, run_id)
    if run is None or not run.published or not run.course.visible:
        abort(404)
    now = utcnow()
    staff_member = can_self_register(current_user)
    form = StaffRegistrationForm() if staff_member else GuestRegistrationForm()
    counts = run_counts([run.id])[run.id]
    status = run_status(run, now, counts["confirmed"])
    if form.validate_on_submit():
        try:
            registration = booking.book_seat(
                run.id, _applicant(form), now, email_confirmed=staff_member
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            _remember(registration)
            return redirect(url_for("courses.registered", registration_id=registration.id))
    # a run staff confirmed early still takes registrations until its deadline
    accepting = run.decision in (None, "confirmed") and now < run.deadline
    return render_template(
        "courses/register.html",
        run=run,
        form=form,
        counts=counts,
        status=status,
        accepting=accepting,
        staff_member=staff_member,
    )


def _remember(registration: Registration) -> None:
    # a guest may see the outcome of their own registrations (this browser session) only
    ids = [*session.get("course_registrations", [])[-9:], registration.id]
    session["course_registrations"] = ids


@bp.route("/registrations/<int:registration_id>")
@public
def registered(registration_id):
    """After submitting: what happens next; only for the person who registered."""
    registration = db.session.get(Registration, registration_id)
    mine = registration is not None and (
        owns_registration(current_user, registration)
        or registration.id in session.get("course_registrations", [])
    )
    if not mine:
        abort(404)
    return render_template("courses/registered.html", registration=registration, mine=mine)


@bp.route("/registrations/confirm/<token>")
@public
def confirm(token):
    try:
        registration = booking.confirm_guest_email(token, utcnow())
    except NotFound:
        abort(404)
    except DomainError as err:
        db.session.rollback()
        return render_template("courses/message.html", title=_("Registration"), message=err.message)
    db.session.commit()
    return render_template("courses/registered.html", registration=registration, mine=True)


@bp.route("/registrations/cancel/<token>", methods=["GET", "POST"])
@public
def cancel(token):
    try:
        registration = booking.registration_from_token(token)
    except DomainError:
        abort(404)
    return _cancel_page(registration, url_for("courses.cancel", token=token))


def _cancel_page(registration: Registration, action: str):
    form = ActionForm()
    now = utcnow()
    free = now < registration.run.deadline
    if form.validate_on_submit():
        try:
            booking.cancel_registration(registration, now)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("Your registration is cancelled."), "success")
            if current_user.is_authenticated:
                return redirect(url_for("courses.my_courses"))
            return redirect(url_for("courses.course", slug=registration.run.course.slug))
    return render_template(
        "courses/cancel.html", registration=registration, form=form, free=free, action=action
    )


@bp.route("/my")
@access(SELF_REGISTRATION)
def my_courses():
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(
            sa.or_(
                Registration.user_id == current_user.id, Registration.email == current_user.email
            )
        )
        .order_by(Registration.id.desc())
    ).all()
    return render_template("courses/my.html", registrations=registrations, now=utcnow())


@bp.route("/my/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_mine(registration_id):
    registration = db.session.get(Registration, registration_id)
    if registration is None or not owns_registration(current_user, registration):
        abort(404)
    return _cancel_page(
        registration, url_for("courses.cancel_mine", registration_id=registration.id)
    )


@bp.route("/<slug>/interest", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def register_interest(slug):
    course = _course_or_404(slug)
    form = InterestForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = current_user.name
        form.email.data = current_user.email
    if form.validate_on_submit():
        try:
            interest.join_interest(
                course,
                form.name.data,
                form.email.data,
                form.organisation.data,
                str(_locale()),
                form.consent.data,
                utcnow(),
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(
                _("Thank you. We will email you when a new course start is published."), "success"
            )
            return redirect(url_for("courses.course", slug=course.slug))
    return render_template("courses/interest.html", course=course, form=form)


@bp.route("/interest/leave/<token>", methods=["GET", "POST"])
@public
def leave_interest(token):
    try:
        entry = interest.entry_from_token(token)
    except DomainError:
        return render_template(
            "courses/message.html",
            title=_("Interest list"),
            message=_("You are not on the interest list (any more)."),
        )
    form = ActionForm()
    if form.validate_on_submit():
        interest.leave_interest(entry)
        db.session.commit()
        return render_template(
            "courses/message.html",
            title=_("Interest list"),
            message=_("You have left the interest list. We will not email you about new dates."),
        )
    return render_template("courses/leave_interest.html", entry=entry, form=form)


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@public
def feedback(token):
    try:
        registration = booking.registration_from_token(token, "course-feedback")
    except DomainError:
        abort(404)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            staff.submit_feedback(registration, int(form.rating.data), form.comment.data or "")
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            return render_template(
                "courses/message.html",
                title=_("Feedback"),
                message=_("Thank you for your feedback."),
            )
    return render_template("courses/feedback.html", registration=registration, form=form)


@bp.route("/tailor-made", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def tailor_made():
    form = TailorMadeForm()
    if current_user.is_authenticated:
        # the account says who asks; only the course questions remain
        for name in ("name", "email", "organisation"):
            delattr(form, name)
    if form.validate_on_submit():
        requester = current_user._get_current_object()
        if not current_user.is_authenticated:
            requester = Contact(
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                locale=str(get_locale()),
            )
        try:
            help_request = staff.request_tailor_made(
                requester, form.participants.data, form.format.data, form.message.data
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            if current_user.is_authenticated:
                flash(
                    _("Thank you. Your request for a tailor-made course is with the office."),
                    "success",
                )
                return redirect(url_for("requests.show", request_id=help_request.id))
            return render_template(
                "courses/message.html",
                title=_("Tailor-made course"),
                message=_(
                    "Thank you. Please confirm your request with the link we have emailed to you; "
                    "then it reaches the office."
                ),
            )
    return render_template("courses/tailor_made.html", form=form)


@bp.route("/programme.pdf")
@public
def programme():
    from flask import Response

    now = utcnow()
    catalogue = visible_catalogue(now)
    runs_by_course = {
        course.id: [r for r in runs if r.decision != "cancelled" and now < r.deadline]
        for course, runs in catalogue.items
    }
    body = programme_pdf([c for c, _runs in catalogue.items], runs_by_course, now)
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="course-programme.pdf"'},
    )


@bp.route("/packages/<int:package_id>", methods=["GET", "POST"])
@public
def package(package_id):
    from office.courses.views.packages import package_page

    return package_page(package_id)
