"""Staff maintain courses and runs."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.clock import office_tz
from office.core.db import for_update
from office.core.errors import DomainError
from office.courses import rules
from office.courses.models import Course, CourseRun, Registration
from office.extensions import db

SCHEDULE_MESSAGES = {
    "in_past": _l("The course start cannot be in the past."),
    "before_start": _l("The end cannot be before the start."),
    "too_small": _l("Please enter at least 1."),
    "above_capacity": _l("The minimum number of participants cannot be above the capacity."),
    "after_start": _l("The registration deadline cannot be after the start."),
}


def check_course(course: Course) -> None:
    if course.price is None or course.price < 0:
        raise DomainError(_l("The price cannot be negative."), field="price")
    if course.min_participants > course.capacity:
        raise DomainError(SCHEDULE_MESSAGES["above_capacity"], field="min_participants")
    if course.daily_end <= course.daily_start:
        raise DomainError(SCHEDULE_MESSAGES["before_start"], field="daily_end")


def save_course(course: Course) -> Course:
    """Check and store a new or changed course."""
    check_course(course)
    if course.id is None:
        db.session.add(course)
    db.session.flush()
    return course


def _schedule(run: CourseRun) -> rules.RunSchedule:
    return rules.RunSchedule(
        run.first_day,
        run.last_day,
        run.start_time,
        run.end_time,
        run.capacity,
        run.min_participants,
        run.lead_days,
    )


def _check_schedule(run: CourseRun, now: datetime, allow_past: bool = False) -> None:
    problems = rules.schedule_problems(_schedule(run), now.astimezone(office_tz()).date())
    if allow_past:
        problems.pop("first_day", None)
    for field, code in problems.items():
        raise DomainError(SCHEDULE_MESSAGES[code], field=field)
    run.deadline = rules.registration_deadline(run.first_day, run.lead_days, office_tz())


def create_run(course: Course, run: CourseRun, now: datetime) -> CourseRun:
    """Add a run to a course; publishing it tells the course's interest list."""
    run.course = course
    _check_schedule(run, now)
    db.session.add(run)
    db.session.flush()
    if run.published:
        from office.courses.services.interest import notify_interest

        notify_interest(run, now)
    return run


def update_run(run: CourseRun, changes: dict, now: datetime) -> CourseRun:
    """Change a run; capacity cannot drop below the seats booked; more seats go to the waitlist."""
    from office.courses.services.booking import promote_from_waitlist
    from office.courses.services.interest import notify_interest

    locked = db.session.scalars(for_update(CourseRun.row(run.id))).one()
    if locked.decision in ("cancelled", "held"):
        raise DomainError(_l("A cancelled or held course start cannot be changed."))
    was_published = locked.published
    old_first_day = locked.first_day
    seats = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.seat_number.is_not(None))
        .order_by(Registration.seat_number)
    ).all()
    new_capacity = changes.get("capacity", locked.capacity)
    if new_capacity < len(seats):
        raise DomainError(
            _l("%(n)d seats are booked; the capacity cannot be smaller.", n=len(seats)),
            field="capacity",
        )
    # close gaps in the seat numbers so that every seat fits the new capacity
    for number, registration in enumerate(seats, start=1):
        if registration.seat_number != number:
            registration.seat_number = number
            db.session.flush()
    for key, value in changes.items():
        setattr(locked, key, value)
    _check_schedule(locked, now, allow_past=locked.first_day == old_first_day)
    db.session.flush()
    for registration in seats:
        db.session.expire(registration, ["run_capacity"])
    if rules.registration_open(now, locked.deadline) and locked.decision is None:
        promote_from_waitlist(locked, now)
    if locked.published and not was_published:
        notify_interest(locked, now)
    return locked


def delete_run(run: CourseRun) -> None:
    """Delete a run nobody has registered for; otherwise it must be cancelled instead."""
    count = db.session.scalar(sa.select(sa.func.count()).where(Registration.run_id == run.id))
    if count:
        raise DomainError(
            _l("People have registered for this course start. Cancel it instead of deleting it.")
        )
    db.session.delete(run)
    db.session.flush()


def run_counts(run_ids) -> dict[int, dict[str, int]]:
    """Per run: confirmed, waitlisted and unconfirmed registrations, in one query."""
    counts: dict[int, dict[str, int]] = {
        i: {"confirmed": 0, "waitlisted": 0, "unconfirmed": 0, "cancelled": 0} for i in run_ids
    }
    if not counts:
        return counts
    rows = db.session.execute(
        sa.select(Registration.run_id, Registration.status, sa.func.count())
        .where(Registration.run_id.in_(list(counts)))
        .group_by(Registration.run_id, Registration.status)
    )
    for run_id, status, n in rows:
        counts[run_id][status] = n
    return counts


def run_status(run: CourseRun, now: datetime, confirmed: int) -> str:
    return rules.run_status(
        decided=run.decision,
        now=now,
        deadline=run.deadline,
        ends_at=run.ends_at,
        capacity=run.capacity,
        taken=confirmed,
    )
