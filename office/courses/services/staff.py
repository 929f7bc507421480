"""Staff work on a run: attendance, email to participants, feedback quotes, tailor-made requests."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError
from office.core.outbox import queue_mail
from office.courses.labels import FORMAT
from office.courses.models import CourseRun, Feedback, Registration, RegistrationStatus, RunDecision
from office.extensions import db
from office.requests import interface as requests


def participants(run: CourseRun) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.name, Registration.id)
    ).all()


def mark_attendance(run: CourseRun, present_ids: set[int], now: datetime) -> int:
    """Record who attended (the others did not); only once the run has started."""
    if run.decision not in (RunDecision.CONFIRMED, RunDecision.HELD) or now < run.starts_at:
        raise DomainError(_l("Attendance can be recorded once a confirmed course has started."))
    people = participants(run)
    for registration in people:
        registration.attended = registration.id in present_ids
    db.session.flush()
    return sum(1 for r in people if r.attended)


def email_participants(run: CourseRun, subject: str, body: str, sender) -> int:
    """Queue one email per confirmed participant."""
    people = participants(run)
    for registration in people:
        queue_mail(
            registration.email,
            subject,
            "courses/staff_message",
            locale=registration.locale,
            registration=registration,
            run=run,
            body=body,
            sender=sender.name,
        )
    return len(people)


def submit_feedback(registration: Registration, rating: int, comment: str) -> Feedback:
    """An attendee's rating (1-5) and comment, once per registration (a second one replaces it)."""
    if registration.status != RegistrationStatus.CONFIRMED or registration.attended is False:
        raise DomainError(_l("Only participants of the course can give feedback."))
    if registration.run.decision not in (RunDecision.HELD, RunDecision.CONFIRMED):
        raise DomainError(_l("Feedback is possible after the course."))
    feedback = db.session.scalar(
        sa.select(Feedback).where(Feedback.registration_id == registration.id)
    )
    if feedback is None:
        feedback = Feedback(registration=registration)
        db.session.add(feedback)
    feedback.rating = rating
    feedback.comment = comment.strip()
    db.session.flush()
    return feedback


def published_quotes(course_id: int, limit: int = 6) -> list[Feedback]:
    return db.session.scalars(
        sa.select(Feedback)
        .join(Registration)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .where(CourseRun.course_id == course_id, Feedback.published, Feedback.comment != "")
        .order_by(Feedback.created_at.desc())
        .limit(limit)
    ).all()


def request_tailor_made(requester, participants: int | None, course_format: str, message: str):
    """A tailor-made course request goes into the help-request intake (type "tailor-made course").

    `requester` is the logged-in user, or `office.requests.interface.guest(...)` for someone
    without an account (who confirms the request by an emailed link).
    """
    label = FORMAT.get(course_format, course_format)
    return requests.open_request(
        requester,
        "tailor_made_course",
        title=gettext("Tailor-made course"),
        description=f"{gettext('Format')}: {label}\n\n{message}",
        details={"participants": participants},
        source="courses",
    )


def publish_quotes(items: list[Feedback], chosen: set[int]) -> None:
    """Staff choose which comments appear as quotes on the course page (never empty ones)."""
    for feedback in items:
        feedback.published = feedback.id in chosen and bool(feedback.comment)
    db.session.flush()
