"""Course runs in the public event calendar and as .ics files."""

from datetime import datetime

import sqlalchemy as sa

from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.courses.models import Course, CourseRun
from office.extensions import db


def entries_for_run(run: CourseRun, private: bool = False) -> list[CalendarEntry]:
    """One entry per course day; `private` adds the online link (for confirmed participants)."""
    location = run.venue
    if private and run.online_link:
        location = f"{run.venue} {run.online_link}".strip()
    url = absolute_url("courses.course", slug=run.course.slug)
    return [
        CalendarEntry(
            uid=f"course-run-{run.id}-day-{index}@office",
            title=run.course.title,
            start=start,
            end=end,
            url=url,
            kind="course",
            location=location,
            description=run.course.summary,
        )
        for index, (start, end) in enumerate(run.intervals(), start=1)
    ]


@calendar_source("course")
def course_entries(start: datetime, end: datetime, filters: dict):
    """Published, not cancelled runs of visible courses with a day in [start, end)."""
    runs = db.session.scalars(
        sa.select(CourseRun)
        .join(Course)
        .where(
            CourseRun.published,
            Course.published,
            ~Course.archived,
            sa.or_(CourseRun.decision.is_(None), CourseRun.decision != "cancelled"),
            CourseRun.last_day >= start.date(),
            CourseRun.first_day <= end.date(),
        )
        .order_by(CourseRun.first_day)
    )
    for run in runs:
        for entry in entries_for_run(run):
            if entry.end > start and entry.start < end:
                yield entry
