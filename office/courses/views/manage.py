"""Office staff: the list of courses and runs (past ones too), course and run forms, the run page
with its decision, attendance and email to participants."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import local_date, utcnow
from office.core.errors import DomainError
from office.core.forms import ActionForm, render_form
from office.core.pagination import paginate
from office.core.transaction import perform
from office.courses import bp, labels
from office.courses.forms.catalogue import (
    CourseForm,
    EmailParticipantsForm,
    OverrideForm,
    RunFilterForm,
    run_form_class,
)
from office.courses.invoicing.issue import invoices_of, pending
from office.courses.models import Course, CourseRun, Registration
from office.courses.queries import annotate, run_counts, run_status, run_years, staff_runs
from office.courses.services import catalogue, decisions, interest, registrations, staff
from office.courses.views.confirm import Step, confirmation_page
from office.extensions import db
from office.requests.models import HelpRequest


def _filters(now) -> RunFilterForm:
    form = RunFilterForm(request.args)
    courses = db.session.scalars(sa.select(Course).order_by(Course.title)).all()
    form.year.choices = [("", _("Recent and coming"))] + [
        (str(y), str(y)) for y in run_years(local_date(now))
    ]  # noqa: E501
    form.course.choices = [("", _("All courses"))] + [(str(c.id), c.title) for c in courses]
    form.status.choices = [("", _("All")), *labels.choices(labels.RUN_FILTER)]
    return form


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _open_requests() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(HelpRequest)
        .where(
            HelpRequest.type == "tailor_made_course",
            HelpRequest.status.in_(("submitted", "in_triage")),
            HelpRequest.email_confirmed_at.is_not(None),
        )
    )


@bp.route("/manage/")
@staff_required
def manage():
    now = utcnow()
    filters = _filters(now)
    stmt = staff_runs(
        now, _number(filters.year.data), _number(filters.course.data), filters.status.data
    )  # noqa: E501
    runs = paginate(stmt, request.args.get("page"), per_page=30)
    rows = [
        (run, counts, status, decisions.preview(run, counts["confirmed"]))
        for run, counts, status in annotate(runs.items, now)
    ]
    courses = db.session.scalars(sa.select(Course).order_by(Course.archived, Course.title)).all()
    return render_template(
        "courses/manage/index.html",
        courses=courses,
        runs=runs,
        rows=rows,
        filters=filters,
        open_requests=_open_requests(),
        interest=interest.interest_counts(),
    )


def _course_form_page(course: Course | None):
    form = CourseForm(obj=course)
    if form.validate_on_submit() and perform(
        catalogue.save_course,
        course or Course(),
        form.values(),
        form=form,
        conflict=DomainError(catalogue.SLUG_TAKEN, field="slug"),
    ):
        flash(_("The course is saved."), "success")
        return redirect(url_for("courses.manage"))
    return render_form("courses/manage/course_form.html", form, course=course)


@bp.route("/manage/courses/new", methods=["GET", "POST"])
@staff_required
def new_course():
    return _course_form_page(None)


@bp.route("/manage/courses/<int:course_id>", methods=["GET", "POST"])
@staff_required
def edit_course(course_id):
    return _course_form_page(db.get_or_404(Course, course_id))


def _run_defaults(form, course: Course) -> None:
    form.start_time.data, form.end_time.data = course.daily_start, course.daily_end
    form.capacity.data, form.min_participants.data = course.capacity, course.min_participants
    form.lead_days.data = course.lead_days


def _run_data(form, run: CourseRun) -> None:
    for name, day in zip(form.day_names, run.days, strict=False):
        form[name].data = day


def _publishing(form, run: CourseRun | None) -> bool:
    return form.published.data and not (run is not None and run.published)


def _confirm_publishing(form, course: Course, run: CourseRun | None):
    """Publishing mails the interest list: say how many people first."""
    count = len(interest.confirmed_entries(course.id))
    if not count or not _publishing(form, run) or form.is_confirmed():
        return None
    back = url_for("courses.manage_run", run_id=run.id) if run else url_for("courses.manage")
    return confirmation_page(
        Step(
            _("Publish the course start"),
            _(
                "Publishing emails %(n)d people on the interest list of %(title)s.",
                n=count,
                title=course.title,
            ),  # noqa: E501
            back,
            _("Publish and email the interest list"),
            repost=True,
        )
    )


def _run_form_page(course: Course, run: CourseRun | None):
    form = run_form_class(course.duration_days)(obj=run)
    form.set_venue_choices()
    if request.method == "GET":
        _run_data(form, run) if run else _run_defaults(form, course)
    if form.validate_on_submit():
        if (page := _confirm_publishing(form, course, run)) is not None:
            return page
        done = (
            perform(catalogue.update_run, run, form.values(), utcnow(), form=form)
            if run
            else perform(catalogue.create_run, course, form.values(), utcnow(), form=form)
        )
        if done:
            flash(_("The course start is saved."), "success")
            return redirect(url_for("courses.manage_run", run_id=done.value.id))
    return render_form("courses/manage/run_form.html", form.unconfirmed(), course=course, run=run)


@bp.route("/manage/courses/<int:course_id>/runs/new", methods=["GET", "POST"])
@staff_required
def new_run(course_id):
    return _run_form_page(db.get_or_404(Course, course_id), None)


@bp.route("/manage/runs/<int:run_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_run(run_id):
    run = db.get_or_404(CourseRun, run_id)
    return _run_form_page(run.course, run)


@bp.route("/manage/runs/<int:run_id>/delete", methods=["GET", "POST"])
@staff_required
def delete_run(run_id):
    run = db.get_or_404(CourseRun, run_id)
    back = url_for("courses.manage_run", run_id=run.id)
    if request.method == "GET":
        return confirmation_page(
            Step(
                _("Delete course start"),
                _("The course start %(run)s is deleted for good.", run=str(run)),  # noqa: E501
                back,
                danger=True,
            )
        )
    if ActionForm().validate_on_submit() and perform(catalogue.delete_run, run):
        flash(_("The course start is deleted."), "success")
        return redirect(url_for("courses.manage"))
    return redirect(back)


@bp.route("/manage/runs/<int:run_id>", methods=["GET"])
@staff_required
def manage_run(run_id):
    return _run_page(db.get_or_404(CourseRun, run_id))


def _registrations(run: CourseRun) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id)
        .order_by(Registration.status, Registration.waitlisted_at, Registration.id)
    ).all()


def _run_page(run: CourseRun, override_form=None, email_form=None, status=200):
    now = utcnow()
    counts = run_counts([run.id])[run.id]
    groups, incomplete = pending(run)
    return render_template(
        "courses/manage/run.html",
        run=run,
        registrations=_registrations(run),
        counts=counts,
        status=run_status(run, now, counts["confirmed"]),
        preview=decisions.preview(run, counts["confirmed"]),
        override_form=override_form or OverrideForm(),
        email_form=email_form or EmailParticipantsForm(),  # noqa: E501
        action_form=ActionForm(),
        now=now,
        invoices=invoices_of(run),
        to_invoice=sum(len(v) for v in groups.values()),
        incomplete=incomplete,
        changes=registrations.changes_of_run(run),
    ), status


def _confirm_override(run: CourseRun, form: OverrideForm):
    counts = run_counts([run.id])[run.id]
    people = counts["confirmed"] + counts["waitlisted"]
    text = (
        _("The course start is cancelled and %(n)d people are emailed.", n=people)
        if form.action.data == "cancel"
        else _(
            "The course start is confirmed and %(n)d participants are emailed.",
            n=counts["confirmed"],
        )  # noqa: E501
    )
    return confirmation_page(
        Step(
            _("Record decision"),
            text,
            url_for("courses.manage_run", run_id=run.id),
            details=(form.reason.data,),
            danger=form.action.data == "cancel",
            repost=True,
        )
    )


@bp.route("/manage/runs/<int:run_id>/decision", methods=["POST"])
@staff_required
def override(run_id):
    run = db.get_or_404(CourseRun, run_id)
    form = OverrideForm()
    if form.validate_on_submit() and not form.is_confirmed():
        return _confirm_override(run, form)
    if form.validate_on_submit() and perform(
        decisions.override_decision,
        run,
        form.action.data,
        form.reason.data,
        current_user,
        utcnow(),
        form=form,
    ):
        flash(_("The decision is recorded and participants are informed."), "success")
        return redirect(url_for("courses.manage_run", run_id=run.id))
    return _run_page(run, override_form=form, status=422)


@bp.route("/manage/runs/<int:run_id>/attendance", methods=["POST"])
@staff_required
def attendance(run_id):
    run = db.get_or_404(CourseRun, run_id)
    if ActionForm().validate_on_submit():
        if done := perform(staff.mark_attendance, run, _ticked_registrations(), utcnow()):
            flash(_("Attendance is saved: %(n)d present.", n=done.value), "success")
    return redirect(url_for("courses.manage_run", run_id=run.id) + "#attendance")


def _ticked_registrations() -> set[int]:
    """The ids of the registrations ticked as present on the attendance form."""
    return {int(v) for v in request.form.getlist("present") if v.isdigit() and len(v) < 10}


@bp.route("/manage/runs/<int:run_id>/email", methods=["POST"])
@staff_required
def email_run(run_id):
    run = db.get_or_404(CourseRun, run_id)
    form = EmailParticipantsForm()
    if form.validate_on_submit() and not form.is_confirmed():
        n = len(staff.participants(run))
        return confirmation_page(
            Step(
                _("Email all participants"),
                _("This email goes to %(n)d participants.", n=n),
                url_for("courses.manage_run", run_id=run.id),
                _("Send email"),
                details=(form.subject.data,),
                repost=True,
            )
        )
    if form.validate_on_submit() and (
        done := perform(
            staff.email_participants,
            run,
            form.subject.data,
            form.body.data,
            current_user,
            form=form,
        )
    ):
        flash(_("The message is queued for %(n)d participants.", n=done.value), "success")
        return redirect(url_for("courses.manage_run", run_id=run.id))
    return _run_page(run, email_form=form, status=422)
