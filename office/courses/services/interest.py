"""The interest list: people who want to hear about a new start of a course (double opt-in)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.courses.models import Course, CourseRun, InterestEntry
from office.courses.services import tokens
from office.extensions import db

#: an address that is not confirmed within this time leaves the list
UNCONFIRMED_DAYS = 7
#: no second confirmation mail to the same address within this time (double clicks)
RESEND_AFTER = timedelta(minutes=2)


def _entry(course_id: int, email: str) -> InterestEntry | None:
    return db.session.scalar(
        sa.select(InterestEntry).where(
            InterestEntry.course_id == course_id, InterestEntry.email == email
        )
    )


@dataclass(frozen=True)
class Interested:
    """Who asks to hear about new course starts."""

    name: str
    email: str
    organisation: str = ""
    locale: str | None = None


def join_interest(
    course: Course,
    person: Interested,
    consent: bool,
    now: datetime,
    *,
    email_confirmed: bool = False,
) -> InterestEntry:
    """Put a person on the course's interest list: once per address, with consent.

    The address is emailed a confirmation link (double opt-in) unless it is confirmed already
    (a logged-in member of staff); only confirmed entries hear about new course starts.
    """
    if not consent:
        raise DomainError(_l("Please agree that we may email you."), field="consent")
    email = person.email.strip().lower()
    entry = _entry(course.id, email)
    if entry is not None and entry.confirmed_at is not None:
        return entry  # on the list already; nothing changes without the address's owner
    fresh = entry is None
    if fresh:
        entry = InterestEntry(course=course, email=email, created_at=now)
        db.session.add(entry)
    entry.name, entry.organisation = person.name.strip(), (person.organisation or "").strip()
    entry.locale, entry.consent_at = person.locale, now
    entry.confirmed_at = now if email_confirmed else None
    db.session.flush()
    if not email_confirmed and (fresh or now - entry.created_at > RESEND_AFTER):
        _ask_to_confirm(entry)
    return entry


def _ask_to_confirm(entry: InterestEntry) -> None:
    token = tokens.make("course-interest-confirm", entry.id, entry.email)
    queue_mail(
        entry.email,
        _l("Please confirm: interest list %(title)s", title=entry.course.title),
        "courses/interest_confirm",
        locale=entry.locale,
        entry=entry,
        confirm_url=absolute_url("courses.confirm_interest", token=token),
    )


def _entry_from(purpose: str, token: str) -> InterestEntry:
    entry_id, email = tokens.read(purpose, token)
    entry = db.session.get(InterestEntry, entry_id)
    if entry is None or entry.email != email:
        raise NotFound()
    return entry


def confirm_interest(token: str, now: datetime) -> InterestEntry:
    """The address's owner used the link: the entry is confirmed (once)."""
    entry = _entry_from("course-interest-confirm", token)
    entry.confirmed_at = entry.confirmed_at or now
    db.session.flush()
    return entry


def leave_url(entry: InterestEntry) -> str:
    token = tokens.make("course-interest-leave", entry.id, entry.email)
    return absolute_url("courses.leave_interest", token=token)


def entry_from_token(token: str) -> InterestEntry:
    return _entry_from("course-interest-leave", token)


def leave_interest(entry: InterestEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


def confirmed_entries(course_id: int) -> list[InterestEntry]:
    """The course's list in sign-up order: the people a new course start is announced to."""
    return db.session.scalars(
        sa.select(InterestEntry)
        .where(InterestEntry.course_id == course_id, InterestEntry.confirmed_at.is_not(None))
        .order_by(InterestEntry.created_at, InterestEntry.id)
    ).all()


def interest_counts() -> dict[int, int]:
    """Confirmed entries per course, in one query."""
    rows = db.session.execute(
        sa.select(InterestEntry.course_id, sa.func.count())
        .where(InterestEntry.confirmed_at.is_not(None))
        .group_by(InterestEntry.course_id)
    )
    return dict(rows.all())


def notify_interest(run: CourseRun, now: datetime) -> int:
    """Email everyone confirmed on the course's interest list, in sign-up order, about a run."""
    entries = confirmed_entries(run.course_id)
    for entry in entries:
        queue_mail(
            entry.email,
            _l("New course start: %(title)s", title=run.course.title),
            "courses/new_run",
            locale=entry.locale,
            entry=entry,
            run=run,
            register_url=absolute_url("courses.register", run_id=run.id),
            leave_url=leave_url(entry),
        )
        entry.notified_at = now
    db.session.flush()
    return len(entries)


def add_confirmed(course_id: int, registration, now: datetime) -> None:
    """Someone whose registration ended without a seat moves to the list (address confirmed)."""
    if _entry(course_id, registration.email) is None:
        db.session.add(
            InterestEntry(
                course_id=course_id,
                name=registration.name,
                email=registration.email,
                organisation=registration.organisation,
                locale=registration.locale,
                consent_at=now,
                confirmed_at=now,
            )
        )


def purge_unconfirmed(now: datetime) -> int:
    """Entries whose address was not confirmed within UNCONFIRMED_DAYS are deleted."""
    result = db.session.execute(
        sa.delete(InterestEntry).where(
            InterestEntry.confirmed_at.is_(None),
            InterestEntry.consent_at < now - timedelta(days=UNCONFIRMED_DAYS),
        )
    )
    return result.rowcount
