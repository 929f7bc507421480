"""Read-only queries shared by pages, the API and the programme PDF."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from office.core.clock import office_tz
from office.courses.models import Course, CourseRun
from office.courses.services.catalogue import run_counts
from office.extensions import db


@dataclass
class Catalogue:
    items: list  # [(course, [runs])]
    counts: dict  # run id -> counts


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
        stmt = stmt.where(CourseRun.last_day >= now.astimezone(office_tz()).date())
    if per_course is not None:
        ranked = stmt.add_columns(
            sa.func.row_number()
            .over(partition_by=CourseRun.course_id, order_by=(CourseRun.first_day, CourseRun.id))
            .label("position")
        ).subquery()
        stmt = (
            sa.select(CourseRun)
            .join(ranked, ranked.c.id == CourseRun.id)
            .where(ranked.c.position <= per_course)
            .order_by(CourseRun.first_day, CourseRun.id)
        )
    runs = db.session.scalars(stmt).all()
    by_course: dict[int, list] = {c.id: [] for c in courses}
    for run in runs:
        by_course[run.course_id].append(run)
    return Catalogue(
        items=[(c, by_course[c.id]) for c in courses], counts=run_counts([r.id for r in runs])
    )
