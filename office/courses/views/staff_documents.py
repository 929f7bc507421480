"""Office staff: documents (CSV, PDF), invoice basis, feedback quotes, packages, requests."""

from datetime import date

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import (
    ask_password_again,
    password_recently_confirmed,
    recent_password_required,
    staff_required,
)
from office.core.forms import ActionForm
from office.core.security_log import security_event
from office.courses import bp
from office.courses.forms import PackageForm
from office.courses.models import (
    Course,
    CourseRun,
    Feedback,
    Package,
    Registration,
)
from office.courses.services import documents
from office.courses.views.manage import _get
from office.extensions import db


def _csv_response(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/manage/runs/<int:run_id>/participants.csv")
@staff_required
@recent_password_required
def participants_csv(run_id):
    run = _get(CourseRun, run_id)
    security_event("export", current_user, kind="course_participants", run_id=run.id)
    return _csv_response(documents.participants_csv(run), f"participants-{run.id}.csv")


@bp.route("/manage/runs/<int:run_id>/invoice.csv")
@staff_required
@recent_password_required
def run_invoice_csv(run_id):
    run = _get(CourseRun, run_id)
    security_event("export", current_user, kind="course_invoice", run_id=run.id)
    return _csv_response(
        documents.invoice_csv(documents.billable(run_ids=[run.id])), f"invoice-basis-{run.id}.csv"
    )


@bp.route("/manage/runs/<int:run_id>/certificates.pdf")
@staff_required
@recent_password_required
def certificates(run_id):
    run = _get(CourseRun, run_id)
    security_event("export", current_user, kind="course_certificates", run_id=run.id)
    return Response(
        documents.certificates_pdf(run),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificates-{run.id}.pdf"'},
    )


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/manage/invoices")
@staff_required
def invoices():
    start, end = _date_arg("start"), _date_arg("end")
    if request.args.get("format") == "csv" and start and end:
        if not password_recently_confirmed():
            return ask_password_again()
        security_event("export", current_user, kind="course_invoices", start=start, end=end)
        rows = documents.billable(start=start, end=end)
        return _csv_response(documents.invoice_csv(rows), f"invoice-basis-{start}-{end}.csv")
    error = bool(request.args) and not (start and end and start <= end)
    return render_template("courses/manage/invoices.html", start=start, end=end, error=error)


@bp.route("/manage/courses/<int:course_id>/feedback", methods=["GET", "POST"])
@staff_required
def course_feedback(course_id):
    course = _get(Course, course_id)
    if request.method == "POST" and ActionForm().validate_on_submit():
        chosen = {int(v) for v in request.form.getlist("published") if v.isdigit()}
        for fb in _feedback_of(course):
            fb.published = fb.id in chosen and bool(fb.comment)
        db.session.commit()
        flash(_("The quotes on the course page are updated."), "success")
        return redirect(url_for("courses.course_feedback", course_id=course.id))
    items = _feedback_of(course)
    average = sum(f.rating for f in items) / len(items) if items else None
    return render_template(
        "courses/manage/feedback.html",
        course=course,
        items=items,
        average=average,
        form=ActionForm(),
    )


def _feedback_of(course):
    return db.session.scalars(
        sa.select(Feedback)
        .join(Registration)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .where(CourseRun.course_id == course.id)
        .order_by(Feedback.created_at.desc())
    ).all()


@bp.route("/manage/packages")
@staff_required
def packages():
    items = db.session.scalars(sa.select(Package).order_by(Package.id)).all()
    return render_template("courses/manage/packages.html", packages=items)


@bp.route("/manage/packages/new", methods=["GET", "POST"])
@staff_required
def new_package():
    return _package_form(None)


@bp.route("/manage/packages/<int:package_id>", methods=["GET", "POST"])
@staff_required
def edit_package(package_id):
    return _package_form(_get(Package, package_id))


def _package_form(package):
    form = PackageForm(obj=package)
    courses = db.session.scalars(
        sa.select(Course).where(~Course.archived).order_by(Course.title)
    ).all()
    form.courses.choices = [(c.id, c.title) for c in courses]
    if request.method == "GET" and package is not None:
        form.courses.data = [c.id for c in package.courses]
    if form.validate_on_submit():
        target = package or Package()
        target.title = form.title.data
        target.description = form.description.data or ""
        target.price = form.price.data
        target.published = form.published.data
        target.courses = [c for c in courses if c.id in set(form.courses.data)]
        db.session.add(target)
        db.session.commit()
        flash(_("The package is saved."), "success")
        return redirect(url_for("courses.packages"))
    return render_template("courses/manage/package_form.html", form=form, package=package)


@bp.route("/manage/tailor-made")
@staff_required
def tailor_made_requests():
    """Tailor-made course requests are help requests: the staff queue, filtered to them."""
    return redirect(url_for("requests.queue", type="tailor_made_course", status="all"))
