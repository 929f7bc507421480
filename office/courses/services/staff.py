"""Staff work on a run: attendance, email to participants, feedback quotes, tailor-made requests."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError
from office.core.outbox import queue_mail
from office.courses.models import CourseRun, Feedback, Registration
from office.extensions import db


def participants(run: CourseRun) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status == "confirmed")
        .order_by(Registration.name, Registration.id)
    ).all()


def mark_attendance(run: CourseRun, present_ids: set[int], now: datetime) -> int:
    """Record who attended (the others did not); only once the run has started."""
    if run.decision not in ("confirmed", "held") or now < run.starts_at:
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
    if registration.status != "confirmed" or registration.attended is False:
        raise DomainError(_l("Only participants of the course can give feedback."))
    if registration.run.decision not in ("held", "confirmed"):
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


def request_tailor_made(
    requester, participants: int | None, course_format: str, message: str
) -> "HelpRequest":  # noqa: F821
    """A tailor-made course request goes into the help-request intake (type "tailor-made course").

    `requester` is the logged-in user, or an `office.requests.services.intake.Contact` for
    someone without an account (who confirms the request by an emailed link).
    """
    from flask_babel import gettext

    from office.courses.forms import format_choices
    from office.requests.services.intake import submit_request

    label = dict(format_choices()).get(course_format, course_format)
    return submit_request(
        requester,
        "tailor_made_course",
        title=gettext("Tailor-made course"),
        description=f"{gettext('Format')}: {label}\n\n{message}",
        details={"participants": participants},
        source="courses",
    )
