"""Public pages: catalogue, course page, calendar file, programme, interest list, feedback,
tailor-made requests."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from office.core import cache
from office.core.access import public
from office.core.clock import local_date, utcnow
from office.core.documents import download
from office.core.errors import DomainError
from office.core.forms import ActionForm, confirm_link_page, link_button_pressed, render_form
from office.core.ical import ics_response
from office.core.page_cache import kept
from office.core.transaction import perform, perform_once
from office.courses import bp
from office.courses.calendar import course_json_ld, entries_for_run
from office.courses.documents import programme_pdf
from office.courses.forms.registration import FeedbackForm, InterestForm, TailorMadeForm
from office.courses.models import Course, CourseRun, Package, Registration
from office.courses.queries import annotate, visible_catalogue
from office.courses.services import booking, interest, staff
from office.courses.views.common import course_or_404, message, run_or_404
from office.courses.views.packages import package_page
from office.extensions import db, limiter
from office.requests import interface as requests
from office.venues.models import Venue

#: the tables the public catalogue shows
CATALOGUE_TABLES = (Course, CourseRun, Registration, Package)
#: the tables a course page's dates (and their JSON-LD) show
#: a venue's address or access shows in the dates too
COURSE_DATES_TABLES = (Course, CourseRun, Registration, Venue)


def _catalogue_context() -> dict:
    now = utcnow()
    catalogue = visible_catalogue(now, per_course=3)
    items = [(c, annotate(runs, now, catalogue.counts)) for c, runs in catalogue.items]
    return {"items": items, "packages": _published_packages()}


def _published_packages() -> list[Package]:
    return db.session.scalars(
        sa.select(Package).where(Package.published).order_by(Package.id)
    ).all()


@bp.route("/")
@public
@kept
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
@kept
def course(slug):
    course = course_or_404(slug)
    dates, json_ld = cache.fragment(
        "courses.course_dates",
        COURSE_DATES_TABLES,
        lambda: _course_dates(course),
        parts=(course.id,),
        timed=True,
    )
    return render_template(
        "courses/course.html",
        course=course,
        dates=dates,
        json_ld=json_ld,
        quotes=staff.published_quotes(course.id),
    )


def _course_dates(course: Course) -> tuple[Markup, dict | None]:
    """The course page's coming runs (table and JSON-LD), the same for every visitor."""
    now = utcnow()
    runs = db.session.scalars(
        sa.select(CourseRun)
        .where(
            CourseRun.course_id == course.id,
            CourseRun.published,
            CourseRun.last_day >= local_date(now),
        )
        .options(selectinload(CourseRun.directory_venue))
        .order_by(CourseRun.first_day, CourseRun.id)
        .limit(50)
    ).all()
    annotated = annotate(runs, now)
    html = render_template("courses/_course_dates.html", course=course, runs=annotated, now=now)
    json_ld = course_json_ld([(run, status == "open") for run, _c, status in annotated])
    return Markup(html), json_ld  # noqa: S704 - an autoescaped template's output  # nosec B704


@bp.route("/runs/<int:run_id>.ics")
@public
def run_ics(run_id):
    run = run_or_404(run_id)
    return ics_response(entries_for_run(run), f"course-{run.id}.ics", name=run.course.title)


@bp.route("/programme.pdf")
@public
def programme():
    now = utcnow()
    catalogue = visible_catalogue(now)
    body = programme_pdf([c for c, _runs in catalogue.items], _bookable_runs(catalogue, now), now)
    return download(body, "application/pdf", "course-programme.pdf", inline=True)


def _bookable_runs(catalogue, now) -> dict[int, list[CourseRun]]:
    """Each course's runs that still accept registrations, by course id."""
    return {
        course.id: [r for r in runs if r.accepts_registrations(now)]
        for course, runs in catalogue.items
    }


@bp.route("/packages/<int:package_id>", methods=["GET", "POST"])
@public
def package(package_id):
    return package_page(package_id)


def _interest_form() -> InterestForm:
    form = InterestForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data, form.email.data = current_user.name, current_user.email
    return form


def _join(course: Course, form: InterestForm):
    confirmed = (
        current_user.is_authenticated and form.email.data.strip().lower() == current_user.email
    )
    person = interest.Interested(
        form.name.data, form.email.data, form.organisation.data or "", str(get_locale())
    )
    return perform(
        interest.join_interest,
        course,
        person,
        form.consent.data,
        utcnow(),
        email_confirmed=confirmed,
        form=form,
    )


@bp.route("/<slug>/interest", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def register_interest(slug):
    course = course_or_404(slug)
    form = _interest_form()
    if form.validate_on_submit() and (done := _join(course, form)):
        if done.value.confirmed_at is not None:
            flash(
                _("Thank you. We will email you when a new course start is published."), "success"
            )
            return redirect(url_for("courses.course", slug=course.slug))
        return message(
            _("Interest list"),
            _(
                "Thank you. Please confirm your address with the link we have emailed to you; then we will email you when a new course start is published."
            ),  # noqa: E501
        )
    return render_form("courses/interest.html", form, course=course)


@bp.route("/interest/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_interest(token):
    if not link_button_pressed():
        text = _(
            "Please confirm your email address: then we will email you when a new course start is published."
        )  # noqa: E501
        return confirm_link_page(_("Interest list"), text, _("Confirm my address"))
    done = perform(interest.confirm_interest, token, utcnow(), form=ActionForm())
    if not done:
        return message(_("Interest list"), done.error.message, 404)
    entry = done.value
    return message(
        _("Interest list"),
        _(
            "Thank you. We will email you when a new start of %(title)s is published.",
            title=entry.course.title,
        ),  # noqa: E501
    )


@bp.route("/interest/leave/<token>", methods=["GET", "POST"])
@public
def leave_interest(token):
    try:
        entry = interest.entry_from_token(token)
    except DomainError:
        return message(_("Interest list"), _("You are not on the interest list (any more)."))
    form = ActionForm()
    if form.validate_on_submit() and perform(interest.leave_interest, entry, form=form):
        return message(
            _("Interest list"),
            _("You have left the interest list. We will not email you about new dates."),
        )
    return render_template("courses/leave_interest.html", entry=entry, form=form)


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@public
def feedback(token):
    registration = _feedback_registration(token)
    form = FeedbackForm()
    if form.validate_on_submit() and _submit_feedback(registration, form):
        return message(_("Feedback"), _("Thank you for your feedback."))
    return render_form("courses/feedback.html", form, registration=registration)


def _feedback_registration(token: str) -> Registration:
    try:
        return booking.registration_from_token(token, "course-feedback")
    except DomainError:
        abort(404)


def _submit_feedback(registration: Registration, form: FeedbackForm):
    return perform(
        staff.submit_feedback,
        registration,
        int(form.rating.data),
        form.comment.data or "",
        form=form,
    )


def _tailor_made_form() -> TailorMadeForm:
    form = TailorMadeForm()
    if current_user.is_authenticated:
        # the account says who asks; only the course questions remain
        for name in ("name", "email", "organisation"):
            delattr(form, name)
    return form


def _requester(form):
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return requests.guest(
        form.name.data, form.email.data, form.organisation.data, str(get_locale())
    )


@bp.route("/tailor-made", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def tailor_made():
    form = _tailor_made_form()
    key = None if current_user.is_authenticated else form.submission_key.data
    # a guest's form sent again (a retry) is stored once and answered as the first time
    if form.validate_on_submit() and (
        done := perform_once(
            key,
            staff.request_tailor_made,
            _requester(form),
            form.participants.data,
            form.format.data,
            form.message.data,
            form=form,
        )
    ):
        if current_user.is_authenticated:
            flash(
                _("Thank you. Your request for a tailor-made course is with the office."), "success"
            )
            return redirect(url_for("requests.show", request_id=done.value.id))
        return message(
            _("Tailor-made course"),
            _(
                "Thank you. Please confirm your request with the link we have emailed to you; then it reaches the office."
            ),  # noqa: E501
        )
    return render_form("courses/tailor_made.html", form)
