"""Office staff: documents (CSV, PDF), the invoice basis, the interest lists, feedback quotes and
tailor-made requests."""

from datetime import date

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core import bounds
from office.core.access import (
    ask_password_again,
    password_recently_confirmed,
    recent_password_required,
    staff_required,
)
from office.core.documents import download
from office.core.forms import ActionForm
from office.core.security_log import security_event
from office.core.spreadsheets import csv_response
from office.core.transaction import perform
from office.courses import bp, documents
from office.courses.models import Course, CourseRun, Feedback, Registration
from office.courses.services import interest, staff
from office.extensions import db


@bp.route("/manage/runs/<int:run_id>/participants.csv")
@staff_required
@recent_password_required
def participants_csv(run_id):
    run = db.get_or_404(CourseRun, run_id)
    security_event("export", current_user, kind="course_participants", run_id=run.id)
    return csv_response(f"participants-{run.id}.csv", *documents.participants_table(run))


@bp.route("/manage/runs/<int:run_id>/invoice.csv")
@staff_required
@recent_password_required
def run_invoice_csv(run_id):
    run = db.get_or_404(CourseRun, run_id)
    security_event("export", current_user, kind="course_invoice", run_id=run.id)
    table = documents.invoice_table(documents.billable(run_ids=[run.id]))
    return csv_response(f"invoice-basis-{run.id}.csv", *table)


@bp.route("/manage/runs/<int:run_id>/certificates.pdf")
@staff_required
@recent_password_required
def certificates(run_id):
    run = db.get_or_404(CourseRun, run_id)
    security_event("export", current_user, kind="course_certificates", run_id=run.id)
    return download(
        documents.certificates_pdf(run), "application/pdf", f"certificates-{run.id}.pdf"
    )


def _date_arg(name: str) -> date | None:
    return bounds.parse_date(request.args.get(name))


def _invoice_basis_csv(start: date, end: date):
    if not password_recently_confirmed():
        return ask_password_again()
    security_event("export", current_user, kind="course_invoices", start=start, end=end)
    table = documents.invoice_table(documents.billable(start=start, end=end))
    return csv_response(f"invoice-basis-{start}-{end}.csv", *table)


@bp.route("/manage/invoices")
@staff_required
def invoices():
    start, end = _date_arg("start"), _date_arg("end")
    if request.args.get("format") == "csv" and start and end:
        return _invoice_basis_csv(start, end)
    error = bool(request.args) and not (start and end and start <= end)
    return render_template("courses/manage/invoices.html", start=start, end=end, error=error)


@bp.route("/manage/courses/<int:course_id>/interest")
@staff_required
def interest_list(course_id):
    course = db.get_or_404(Course, course_id)
    entries = interest.confirmed_entries(course.id)
    return render_template("courses/manage/interest.html", course=course, entries=entries)


@bp.route("/manage/courses/<int:course_id>/interest.csv")
@staff_required
@recent_password_required
def interest_csv(course_id):
    course = db.get_or_404(Course, course_id)
    security_event("export", current_user, kind="course_interest", course_id=course.id)
    header = [
        _("Name"),
        _("Email address"),
        _("Organisation"),
        _("Signed up"),
        _("Last told about a new date"),
    ]  # noqa: E501
    rows = [
        [
            e.name,
            e.email,
            e.organisation,
            e.confirmed_at.date().isoformat(),
            e.notified_at.date().isoformat() if e.notified_at else "",
        ]
        for e in interest.confirmed_entries(course.id)
    ]
    return csv_response(f"interest-{course.slug}.csv", header, rows)


def _feedback_of(course):
    return db.session.scalars(
        sa.select(Feedback)
        .join(Registration)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .where(CourseRun.course_id == course.id)
        .order_by(Feedback.created_at.desc())
    ).all()


@bp.route("/manage/courses/<int:course_id>/feedback", methods=["GET", "POST"])
@staff_required
def course_feedback(course_id):
    course = db.get_or_404(Course, course_id)
    form = ActionForm()
    if form.validate_on_submit():
        chosen = {int(v) for v in request.form.getlist("published") if v.isdigit() and len(v) < 10}
        if perform(staff.publish_quotes, _feedback_of(course), chosen):
            flash(_("The quotes on the course page are updated."), "success")
        return redirect(url_for("courses.course_feedback", course_id=course.id))
    items = _feedback_of(course)
    average = sum(f.rating for f in items) / len(items) if items else None
    return render_template(
        "courses/manage/feedback.html", course=course, items=items, average=average, form=form
    )


@bp.route("/manage/tailor-made")
@staff_required
def tailor_made_requests():
    """Tailor-made course requests are help requests: the staff queue, filtered to them."""
    return redirect(url_for("requests.queue", type="tailor_made_course", status="all"))
