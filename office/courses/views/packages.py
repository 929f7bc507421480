"""Packages: booking one chosen run of each course, all or nothing; staff maintain them."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.forms import render_form
from office.core.transaction import perform
from office.courses import bp
from office.courses.forms.catalogue import PackageForm
from office.courses.models import Course, CourseRun, Package
from office.courses.permissions import can_self_register
from office.courses.services import packages as package_booking
from office.courses.views.common import staff_applicant
from office.extensions import db


def _run_choices(course: Course, now) -> list[tuple[str, str]]:
    runs = db.session.scalars(
        sa.select(CourseRun)
        .where(
            CourseRun.course_id == course.id,
            CourseRun.published,
            CourseRun.accepts_registrations(now),
        )
        .order_by(CourseRun.first_day)
    ).all()
    dates = [(str(r.id), ", ".join(d.strftime("%d.%m.%Y") for d in r.days)) for r in runs]
    return [("", _("Please choose")), *dates]


def _form_for(package: Package, now):
    fields = {
        f"run_{course.id}": SelectField(
            course.title, choices=_run_choices(course, now), validators=[DataRequired()]
        )
        for course in package.courses
    }
    return type("PackageBookingForm", (FlaskForm,), fields)()


def _book(package: Package, form, now):
    choice = {c.id: int(getattr(form, f"run_{c.id}").data) for c in package.courses}
    return perform(package_booking.book_package, package, staff_applicant(), choice, now, form=form)


def package_page(package_id: int):
    package = db.session.get(Package, package_id)
    if package is None or not package.published:
        abort(404)
    now = utcnow()
    form = _form_for(package, now)
    if request.method == "POST" and not can_self_register(current_user):
        abort(403)
    if form.validate_on_submit() and _book(package, form, now):
        flash(_("Your package is booked: you have a seat on every course."), "success")
        return redirect(url_for("courses.my_courses"))
    return render_form(
        "courses/package.html", form, package=package, can_book=can_self_register(current_user)
    )


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
    return _package_form(db.get_or_404(Package, package_id))


def _package_form(package):
    form = PackageForm(obj=package)
    courses = db.session.scalars(
        sa.select(Course).where(~Course.archived).order_by(Course.title)
    ).all()
    form.courses.choices = [(c.id, c.title) for c in courses]
    if request.method == "GET" and package is not None:
        form.courses.data = [c.id for c in package.courses]
    chosen = [c for c in courses if c.id in set(form.courses.data or [])]
    values = {name: form[name].data for name in ("title", "description", "price", "published")}
    if form.validate_on_submit() and perform(
        package_booking.save_package, package or Package(), values, chosen, form=form
    ):
        flash(_("The package is saved."), "success")
        return redirect(url_for("courses.packages"))
    return render_form("courses/manage/package_form.html", form, package=package)
