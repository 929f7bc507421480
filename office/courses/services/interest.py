"""The interest list: people who want to hear about a new start of a course."""

from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError, NotFound
from office.core.outbox import queue_mail
from office.courses.models import Course, CourseRun, InterestEntry
from office.courses.services import tokens
from office.extensions import db


def join_interest(
    course: Course,
    name: str,
    email: str,
    organisation: str,
    locale: str | None,
    consent: bool,
    now: datetime,
) -> InterestEntry:
    """Add a person to the course's interest list (once per address; consent required)."""
    if not consent:
        raise DomainError(_l("Please agree that we may email you."), field="consent")
    email = email.strip().lower()
    entry = db.session.scalar(
        sa.select(InterestEntry).where(
            InterestEntry.course_id == course.id, InterestEntry.email == email
        )
    )
    if entry is None:
        entry = InterestEntry(course=course, email=email, name=name.strip())
        db.session.add(entry)
    entry.organisation = (organisation or "").strip()
    entry.locale = locale
    entry.consent_at = now
    db.session.flush()
    return entry


def leave_url(entry: InterestEntry) -> str:
    token = tokens.make("course-interest-leave", entry.id, entry.email)
    return url_for("courses.leave_interest", token=token, _external=True)


def entry_from_token(token: str) -> InterestEntry:
    entry_id, email = tokens.read("course-interest-leave", token)
    entry = db.session.get(InterestEntry, entry_id)
    if entry is None or entry.email != email:
        raise NotFound()
    return entry


def leave_interest(entry: InterestEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


def notify_interest(run: CourseRun, now: datetime) -> int:
    """Email everyone on the course's interest list, in sign-up order, about a new run."""
    entries = db.session.scalars(
        sa.select(InterestEntry)
        .where(InterestEntry.course_id == run.course_id)
        .order_by(InterestEntry.created_at, InterestEntry.id)
    ).all()
    for entry in entries:
        queue_mail(
            entry.email,
            _l("New course start: %(title)s", title=run.course.title),
            "courses/new_run",
            locale=entry.locale,
            entry=entry,
            run=run,
            register_url=url_for("courses.register", run_id=run.id, _external=True),
            leave_url=leave_url(entry),
        )
        entry.notified_at = now
    db.session.flush()
    return len(entries)
