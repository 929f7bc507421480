"""Office staff: courses, runs, participants, decisions, documents, packages, requests."""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import local_now, utcnow
from office.core.errors import DomainError
from office.core.forms import ActionForm, show_domain_error
from office.core.pagination import paginate
from office.courses import bp
from office.courses.forms import (
    CourseForm,
    EmailParticipantsForm,
    OverrideForm,
    RunForm,
)
from office.courses.models import (
    Course,
    CourseRun,
    Registration,
)
from office.courses.services import booking, catalogue, decisions, staff
from office.extensions import db
from office.requests.models import HelpRequest


def _get(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


@bp.route("/manage/")
@staff_required
def manage():
    now = utcnow()
    courses = db.session.scalars(sa.select(Course).order_by(Course.archived, Course.title)).all()
    runs = paginate(
        sa.select(CourseRun)
        .where(CourseRun.last_day >= local_now().date() - timedelta(days=90))
        .order_by(CourseRun.first_day, CourseRun.id),
        request.args.get("page"),
        per_page=30,
    )
    counts = catalogue.run_counts([r.id for r in runs.items])
    rows = [
        (
            r,
            counts[r.id],
            catalogue.run_status(r, now, counts[r.id]["confirmed"]),
            decisions.preview(r, counts[r.id]["confirmed"]),
        )
        for r in runs.items
    ]
    open_requests = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(HelpRequest)
        .where(
            HelpRequest.type == "tailor_made_course",
            HelpRequest.status.in_(("submitted", "in_triage")),
            HelpRequest.email_confirmed_at.is_not(None),
        )
    )
    return render_template(
        "courses/manage/index.html",
        courses=courses,
        runs=runs,
        rows=rows,
        open_requests=open_requests,
    )


def _course_form_page(course: Course | None):
    form = CourseForm(obj=course)
    if form.validate_on_submit():
        target = course or Course()
        form.populate_obj(target)
        target.slug = target.slug.strip().lower()
        try:
            catalogue.save_course(target)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            try:
                db.session.commit()
            except sa.exc.IntegrityError:
                db.session.rollback()
                form.slug.errors.append(_("This address is in use already."))
            else:
                flash(_("The course is saved."), "success")
                return redirect(url_for("courses.manage"))
    return render_template("courses/manage/course_form.html", form=form, course=course)


@bp.route("/manage/courses/new", methods=["GET", "POST"])
@staff_required
def new_course():
    return _course_form_page(None)


@bp.route("/manage/courses/<int:course_id>", methods=["GET", "POST"])
@staff_required
def edit_course(course_id):
    return _course_form_page(_get(Course, course_id))


RUN_FIELDS = (
    "first_day",
    "last_day",
    "start_time",
    "end_time",
    "capacity",
    "min_participants",
    "lead_days",
    "venue",
    "online_link",
    "published",
)


def _run_values(form) -> dict:
    values = {name: getattr(form, name).data for name in RUN_FIELDS}
    values["last_day"] = values["last_day"] or values["first_day"]
    values["venue"] = values["venue"] or ""
    values["online_link"] = values["online_link"] or ""
    return values


@bp.route("/manage/courses/<int:course_id>/runs/new", methods=["GET", "POST"])
@staff_required
def new_run(course_id):
    course = _get(Course, course_id)
    form = RunForm(today=local_now().date())
    if request.method == "GET":
        form.start_time.data = course.daily_start
        form.end_time.data = course.daily_end
        form.capacity.data = course.capacity
        form.min_participants.data = course.min_participants
        form.lead_days.data = course.lead_days
    if form.validate_on_submit():
        try:
            run = catalogue.create_run(course, CourseRun(**_run_values(form)), utcnow())
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The course start is saved."), "success")
            return redirect(url_for("courses.manage_run", run_id=run.id))
    return render_template("courses/manage/run_form.html", form=form, course=course, run=None)


@bp.route("/manage/runs/<int:run_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_run(run_id):
    run = _get(CourseRun, run_id)
    form = RunForm(obj=run, today=None)
    if form.validate_on_submit():
        try:
            catalogue.update_run(run, _run_values(form), utcnow())
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The course start is saved."), "success")
            return redirect(url_for("courses.manage_run", run_id=run.id))
    return render_template("courses/manage/run_form.html", form=form, course=run.course, run=run)


@bp.route("/manage/runs/<int:run_id>/delete", methods=["POST"])
@staff_required
def delete_run(run_id):
    run = _get(CourseRun, run_id)
    if ActionForm().validate_on_submit():
        try:
            catalogue.delete_run(run)
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
            return redirect(url_for("courses.manage_run", run_id=run_id))
        db.session.commit()
        flash(_("The course start is deleted."), "success")
    return redirect(url_for("courses.manage"))


@bp.route("/manage/runs/<int:run_id>", methods=["GET"])
@staff_required
def manage_run(run_id):
    run = _get(CourseRun, run_id)
    return _run_page(run)


def _run_page(run, override_form=None, email_form=None, status=200):
    now = utcnow()
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id)
        .order_by(Registration.status, Registration.waitlisted_at, Registration.id)
    ).all()
    counts = catalogue.run_counts([run.id])[run.id]
    return (
        render_template(
            "courses/manage/run.html",
            run=run,
            registrations=registrations,
            counts=counts,
            status=catalogue.run_status(run, now, counts["confirmed"]),
            preview=decisions.preview(run, counts["confirmed"]),
            override_form=override_form or OverrideForm(),
            email_form=email_form or EmailParticipantsForm(),
            action_form=ActionForm(),
            now=now,
        ),
        status,
    )


@bp.route("/manage/runs/<int:run_id>/decision", methods=["POST"])
@staff_required
def override(run_id):
    run = _get(CourseRun, run_id)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            decisions.override_decision(
                run, form.action.data, form.reason.data, current_user, utcnow()
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The decision is recorded and participants are informed."), "success")
            return redirect(url_for("courses.manage_run", run_id=run.id))
    return _run_page(run, override_form=form, status=422)


@bp.route("/manage/runs/<int:run_id>/attendance", methods=["POST"])
@staff_required
def attendance(run_id):
    run = _get(CourseRun, run_id)
    if ActionForm().validate_on_submit():
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        try:
            n = staff.mark_attendance(run, present, utcnow())
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(_("Attendance is saved: %(n)d present.", n=n), "success")
    return redirect(url_for("courses.manage_run", run_id=run.id) + "#attendance")


@bp.route("/manage/runs/<int:run_id>/email", methods=["POST"])
@staff_required
def email_run(run_id):
    run = _get(CourseRun, run_id)
    form = EmailParticipantsForm()
    if form.validate_on_submit():
        n = staff.email_participants(run, form.subject.data, form.body.data, current_user)
        db.session.commit()
        flash(_("The message is queued for %(n)d participants.", n=n), "success")
        return redirect(url_for("courses.manage_run", run_id=run.id))
    return _run_page(run, email_form=form, status=422)


@bp.route("/manage/registrations/<int:registration_id>/cancel", methods=["POST"])
@staff_required
def staff_cancel(registration_id):
    registration = _get(Registration, registration_id)
    if ActionForm().validate_on_submit():
        try:
            promoted = booking.cancel_registration(registration, utcnow())
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(_("The registration is cancelled."), "success")
            for r in promoted:
                flash(_("%(name)s moved up from the waiting list.", name=r.name), "success")
    return redirect(url_for("courses.manage_run", run_id=registration.run_id))
