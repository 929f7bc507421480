"""Read-only queries shared by pages, the API, the programme PDF and the staff lists."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, selectinload

from office.core.clock import local_date
from office.courses import rules
from office.courses.models import Course, CourseRun, Registration, RegistrationStatus, RunDecision
from office.extensions import db


@dataclass
class Catalogue:
    items: list  # [(course, [runs])]
    counts: dict  # run id -> counts


def run_counts(run_ids) -> dict[int, dict[str, int]]:
    """Per run: registrations per status, in one query."""
    counts = {i: {str(s): 0 for s in RegistrationStatus} for i in run_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        sa.select(Registration.run_id, Registration.status, sa.func.count())
        .where(Registration.run_id.in_(list(counts)))
        .group_by(Registration.run_id, Registration.status)
    )
    for run_id, status, n in rows:
        counts[run_id][str(status)] = n
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


def annotate(runs, now: datetime, counts: dict | None = None) -> list[tuple]:
    """(run, counts, status) for each run."""
    counts = counts if counts is not None else run_counts([r.id for r in runs])
    return [(r, counts[r.id], run_status(r, now, counts[r.id]["confirmed"])) for r in runs]


def _first_per_course(stmt, per_course: int):
    ranked = stmt.add_columns(
        sa.func.row_number()
        .over(partition_by=CourseRun.course_id, order_by=(CourseRun.first_day, CourseRun.id))
        .label("position")
    ).subquery()
    return (
        sa.select(CourseRun)
        .join(ranked, ranked.c.id == CourseRun.id)
        .where(ranked.c.position <= per_course)
        .order_by(CourseRun.first_day, CourseRun.id)
    )


def visible_catalogue(
    now: datetime, include_past: bool = False, per_course: int | None = None
) -> Catalogue:
    """Published courses with their published runs (coming ones unless include_past).

    `per_course` keeps only the first runs of each course (one query with a window function).
    """
    courses = db.session.scalars(
        sa.select(Course).where(Course.published, ~Course.archived).order_by(Course.id)
    ).all()
    stmt = (
        sa.select(CourseRun)
        .where(CourseRun.published, CourseRun.course_id.in_([c.id for c in courses]))
        .order_by(CourseRun.first_day, CourseRun.id)
    )
    if not include_past:
        stmt = stmt.where(CourseRun.last_day >= local_date(now))
    if per_course is not None:
        stmt = _first_per_course(stmt, per_course)
    runs = db.session.scalars(stmt.options(selectinload(CourseRun.directory_venue))).all()
    by_course: dict[int, list] = {c.id: [] for c in courses}
    for run in runs:
        by_course[run.course_id].append(run)
    items = [(c, by_course[c.id]) for c in courses]
    return Catalogue(items=items, counts=run_counts([r.id for r in runs]))


def _status_filter(status: str, now: datetime):
    """The staff list's status filter as a condition on runs."""
    return {
        "accepting": CourseRun.accepts_registrations(now),
        "undecided": sa.and_(CourseRun.decision.is_(None), CourseRun.deadline <= now),
        "confirmed": sa.and_(
            CourseRun.decision == RunDecision.CONFIRMED, CourseRun.last_day >= local_date(now)
        ),  # noqa: E501
        "held": sa.or_(
            CourseRun.decision == RunDecision.HELD,
            sa.and_(
                CourseRun.decision == RunDecision.CONFIRMED, CourseRun.last_day < local_date(now)
            ),  # noqa: E501
        ),
        "cancelled": CourseRun.decision == RunDecision.CANCELLED,
    }.get(status)


def staff_runs(now: datetime, year: int | None, course_id: int | None, status: str | None):
    """Runs for the staff list: by year of the first day, course and status; without a year,
    the current and coming ones and those of the last 90 days."""
    stmt = sa.select(CourseRun).order_by(CourseRun.first_day, CourseRun.id)
    if year is not None:
        stmt = stmt.where(CourseRun.first_day.between(date(year, 1, 1), date(year, 12, 31)))
    else:
        stmt = stmt.where(CourseRun.last_day >= date.fromordinal(local_date(now).toordinal() - 90))
    if course_id is not None:
        stmt = stmt.where(CourseRun.course_id == course_id)
    condition = _status_filter(status or "", now)
    return stmt if condition is None else stmt.where(condition)


def run_years(today: date) -> list[int]:
    """The years in which runs may start, newest first (the staff filter)."""
    first = db.session.scalar(sa.select(sa.func.min(CourseRun.first_day))) or today
    return list(range(today.year + rules.MAX_YEARS_AHEAD, min(first, today).year - 1, -1))


def run_row(run_id: int):
    """SELECT of one run without the eager join to its course, so it can be locked."""
    return (
        sa.select(CourseRun)
        .where(CourseRun.id == run_id)
        .options(lazyload(CourseRun.course))
        .execution_options(populate_existing=True)
    )
