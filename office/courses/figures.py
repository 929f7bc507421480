"""The courses' figures for the evaluation reports: fill rates and go/no-go outcomes."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import (
    Figure,
    Period,
    average_ratings,
    rating_summary,
    register_figure,
)
from office.courses.models import Course, CourseRun, Feedback, Registration
from office.extensions import db


def _runs_in(period: Period):
    return sa.and_(CourseRun.first_day >= period.start, CourseRun.first_day < period.end)


def fill_rates(period: Period) -> list[tuple]:
    """Per course: seats offered and confirmed participants of its runs starting in the period."""
    confirmed = (
        sa.select(Registration.run_id, sa.func.count().label("n"))
        .where(Registration.status == "confirmed")
        .group_by(Registration.run_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Course.title,
            sa.func.sum(CourseRun.capacity),
            sa.func.coalesce(sa.func.sum(confirmed.c.n), 0),
        )
        .join(CourseRun, CourseRun.course_id == Course.id)
        .outerjoin(confirmed, confirmed.c.run_id == CourseRun.id)
        .where(_runs_in(period))
        .group_by(Course.title)
        .order_by(Course.title)
    )
    return [(title, int(seats or 0), int(booked or 0)) for title, seats, booked in rows]


def decisions(period: Period) -> list[tuple]:
    """Per course: runs that went ahead (confirmed or held) and runs cancelled at the minimum."""
    went = sa.func.sum(sa.case((CourseRun.decision.in_(("confirmed", "held")), 1), else_=0))
    cancelled = sa.func.sum(sa.case((CourseRun.decision == "cancelled", 1), else_=0))
    rows = db.session.execute(
        sa.select(Course.title, went, cancelled)
        .join(CourseRun, CourseRun.course_id == Course.id)
        .where(_runs_in(period), CourseRun.decision.is_not(None))
        .group_by(Course.title)
        .order_by(Course.title)
    )
    return [(title, int(a or 0), int(b or 0)) for title, a, b in rows]


register_figure(
    Figure(
        key="courses-fill-rate",
        title=_l("Course fill rates"),
        columns=(_l("Course"), _l("Seats offered"), _l("Confirmed participants")),
        rows=fill_rates,
        chart="stacked",
        order=70,
        description=_l("Runs whose first day lies in the period."),
    )
)
register_figure(
    Figure(
        key="courses-go-no-go",
        title=_l("Go/no-go decisions of course runs"),
        columns=(_l("Course"), _l("Went ahead"), _l("Cancelled (too few participants)")),
        rows=decisions,
        chart="stacked",
        order=71,
        description=_l("Decided runs whose first day lies in the period."),
    )
)


def satisfaction(period: Period) -> list[tuple]:
    """Per course: participants' ratings (1 to 5) of its runs that started in the period."""
    return average_ratings(
        rating_summary(Course.title, Feedback.rating)
        .join(CourseRun, CourseRun.course_id == Course.id)
        .join(Registration, Registration.run_id == CourseRun.id)
        .join(Feedback, Feedback.registration_id == Registration.id)
        .where(_runs_in(period))
    )


register_figure(
    Figure(
        key="courses-satisfaction",
        title=_l("Participants' satisfaction with the courses"),
        columns=(_l("Course"), _l("Ratings"), _l("Average rating (1 to 5)")),
        rows=satisfaction,
        chart="bar",
        order=72,
        description=_l(
            "The anonymous ratings participants give after a course (one to five), for runs "
            "whose first day lies in the period."
        ),
    )
)
