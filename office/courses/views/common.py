"""What several course pages share: finding a visible course or run, a message page, and the
logged-in member of staff as an applicant."""

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user

from office.courses.models import Course, CourseRun
from office.courses.permissions import can_manage_courses, can_see_course
from office.courses.services.booking import Applicant
from office.extensions import db


def course_or_404(slug: str) -> Course:
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None or not can_see_course(current_user, course):
        abort(404)
    return course


def run_or_404(run_id: int) -> CourseRun:
    run = db.session.get(CourseRun, run_id)
    visible = run is not None and run.published and run.course.visible
    if run is None or not (visible or can_manage_courses(current_user)):
        abort(404)
    return run


def message(title: str, text: str, status: int = 200):
    return render_template("courses/message.html", title=title, message=text), status


def staff_applicant(needs: str | None = None) -> Applicant:
    """A logged-in member of staff as the applicant (their account says who they are)."""
    org = current_user.organisation
    return Applicant(
        name=current_user.name,
        email=current_user.email,
        organisation=org.name if org else "",
        department=(org.short_name or "") if org else "",
        needs=needs,
        user_id=current_user.id,
        locale=current_user.locale or request.accept_languages.best_match(["de", "da", "en"]),
    )
