"""Booking a package: one chosen run of each course, all or nothing."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.forms import show_domain_error
from office.courses.models import CourseRun, Package
from office.courses.permissions import can_self_register
from office.courses.services import booking
from office.courses.services.booking import Applicant
from office.extensions import db


def _form_for(package: Package, now):
    class PackageBookingForm(FlaskForm):
        pass

    for course in package.courses:
        runs = db.session.scalars(
            sa.select(CourseRun)
            .where(
                CourseRun.course_id == course.id,
                CourseRun.published,
                CourseRun.deadline > now,
                CourseRun.decision.is_(None),
            )
            .order_by(CourseRun.first_day)
        ).all()
        choices = [("", _("Please choose"))] + [
            (str(r.id), ", ".join(d.strftime("%d.%m.%Y") for d in r.days)) for r in runs
        ]
        setattr(
            PackageBookingForm,
            f"run_{course.id}",
            SelectField(course.title, choices=choices, validators=[DataRequired()]),
        )
    return PackageBookingForm()


def package_page(package_id: int):
    package = db.session.get(Package, package_id)
    if package is None or not package.published:
        abort(404)
    now = utcnow()
    form = _form_for(package, now)
    if request.method == "POST":
        if not can_self_register(current_user):
            abort(403)
        if form.validate_on_submit():
            choice = {c.id: int(getattr(form, f"run_{c.id}").data) for c in package.courses}
            org = current_user.organisation
            person = Applicant(
                name=current_user.name,
                email=current_user.email,
                organisation=org.name if org else "",
                department=(org.short_name or "") if org else "",
                locale=current_user.locale,
                user_id=current_user.id,
            )
            try:
                booking.book_package(package, person, choice, now)
            except DomainError as err:
                db.session.rollback()
                show_domain_error(form, err)
            else:
                db.session.commit()
                flash(_("Your package is booked: you have a seat on every course."), "success")
                return redirect(url_for("courses.my_courses"))
    return render_template(
        "courses/package.html",
        package=package,
        form=form,
        can_book=can_self_register(current_user),
    )
