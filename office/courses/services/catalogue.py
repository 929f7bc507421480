"""Staff maintain courses and runs."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.clock import local_date, office_tz
from office.core.db import for_update
from office.core.errors import DomainError
from office.courses import rules
from office.courses.models import Course, CourseRun, Registration, RunDecision
from office.courses.queries import run_row
from office.courses.services import interest
from office.courses.services.booking import promote_from_waitlist
from office.extensions import db
from office.venues import interface as venues

SCHEDULE_MESSAGES = {
    "in_past": _l("The course start cannot be in the past."),
    "too_far": _l("The course start can be at most three years ahead."),
    "before_start": _l("The end cannot be before the start."),
    "too_small": _l("Please enter at least 1."),
    "out_of_range": _l("Please enter a number in the allowed range."),
    "above_capacity": _l("The minimum number of participants cannot be above the capacity."),
    "after_start": _l("The registration deadline cannot be after the start."),
    "duplicate": _l("Each date can be given once only."),
    "wrong_count": _l("Please give as many dates as the course has days."),
    "too_spread": _l("The dates of a course start must lie within eight weeks."),
}

SLUG_TAKEN = _l("This address is in use already.")


def check_course(course: Course) -> None:
    if course.min_participants > course.capacity:
        raise DomainError(SCHEDULE_MESSAGES["above_capacity"], field="min_participants")
    if course.daily_end <= course.daily_start:
        raise DomainError(SCHEDULE_MESSAGES["before_start"], field="daily_end")
    taken = sa.select(Course.id).where(Course.slug == course.slug, Course.id != course.id)
    if db.session.scalar(taken) is not None:
        raise DomainError(SLUG_TAKEN, field="slug")


def save_course(course: Course, values: dict) -> Course:
    """Check and store a new or changed course (`values`: the form's fields)."""
    with db.session.no_autoflush:
        for key, value in values.items():
            setattr(course, key, value)
        check_course(course)
    if course.id is None:
        db.session.add(course)
    db.session.flush()
    return course


def _schedule(run: CourseRun) -> rules.RunSchedule:
    return rules.RunSchedule(
        tuple(run.days),
        run.start_time,
        run.end_time,
        run.capacity,
        run.min_participants,
        run.lead_days,
        run.course.duration_days,
    )


def _check_schedule(run: CourseRun, now: datetime, allow_past: bool = False) -> None:
    today = None if allow_past else local_date(now)
    for field, code in rules.schedule_problems(_schedule(run), today).items():
        raise DomainError(SCHEDULE_MESSAGES[code], field=field)
    run.deadline = rules.registration_deadline(run.first_day, run.lead_days, office_tz())


def _venue(venue_id: int | None):
    """The chosen venue; it must be published in the directory of venues."""
    venue = venues.published_venue(venue_id)
    if venue_id is not None and venue is None:
        raise DomainError(_l("Please choose a venue from the list."), field="venue_id")
    return venue


def _apply(run: CourseRun, values: dict) -> None:
    values = dict(values)
    if "venue_id" in values:
        run.directory_venue = _venue(values.pop("venue_id"))
    if "days" in values:
        run.set_days(values.pop("days"))
    for key, value in values.items():
        setattr(run, key, value)


def create_run(course: Course, values: dict, now: datetime) -> CourseRun:
    """Add a run to a course; publishing it tells the course's interest list."""
    run = CourseRun(course=course)
    with db.session.no_autoflush:
        _apply(run, values)
        _check_schedule(run, now)
    db.session.add(run)
    db.session.flush()
    if run.published:
        interest.notify_interest(run, now)
    return run


def _booked_seats(run_id: int) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run_id, Registration.seat_number.is_not(None))
        .order_by(Registration.seat_number)
    ).all()


def _renumber(seats: list[Registration], capacity: int) -> None:
    """Close gaps in the seat numbers so that every seat fits the new capacity."""
    if capacity < len(seats):
        message = _l("%(n)d seats are booked; the capacity cannot be smaller.", n=len(seats))
        raise DomainError(message, field="capacity")
    for number, registration in enumerate(seats, start=1):
        if registration.seat_number != number:
            registration.seat_number = number
            db.session.flush()


def update_run(run: CourseRun, values: dict, now: datetime) -> CourseRun:
    """Change a run; capacity cannot drop below the seats booked; more seats go to the waitlist."""
    locked = db.session.scalars(for_update(run_row(run.id))).one()
    if locked.decision in (RunDecision.CANCELLED, RunDecision.HELD):
        raise DomainError(_l("A cancelled or held course start cannot be changed."))
    was_published, old_days = locked.published, list(locked.days)
    seats = _booked_seats(run.id)
    _renumber(seats, values.get("capacity", locked.capacity))
    with db.session.no_autoflush:
        _apply(locked, values)
        _check_schedule(locked, now, allow_past=list(locked.days) == old_days)
    db.session.flush()
    for registration in seats:
        db.session.expire(registration, ["run_capacity"])
    if locked.accepts_registrations(now):
        promote_from_waitlist(locked, now)
    if locked.published and not was_published:
        interest.notify_interest(locked, now)
    return locked


REGISTERED_CANNOT_DELETE = _l(
    "People have registered for this course start. Cancel it instead of deleting it."
)


def _registration_count(run: CourseRun) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Registration.run_id == run.id))


def delete_run(run: CourseRun) -> None:
    """Delete a run nobody has registered for; otherwise it must be cancelled instead."""
    if _registration_count(run):
        raise DomainError(REGISTERED_CANNOT_DELETE)
    db.session.delete(run)
    db.session.flush()
