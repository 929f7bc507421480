"""The courses' figures for the evaluation reports: fill rates and go/no-go outcomes."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import (
    Figure,
    Period,
    average_ratings,
    district_rows,
    rating_summary,
    register_figure,
)
from office.courses.models import Course, CourseRun, Feedback, Registration
from office.extensions import db
from office.venues.models import Venue


def _runs_in(period: Period):
    return sa.and_(CourseRun.first_day >= period.start, CourseRun.first_day < period.end)


def _confirmed_per_run():
    """A subquery of (run_id, n): the confirmed participants of each run."""
    return (
        sa.select(Registration.run_id, sa.func.count().label("n"))
        .where(Registration.status == "confirmed")
        .group_by(Registration.run_id)
        .subquery()
    )


def fill_rates(period: Period) -> list[tuple]:
    """Per course: seats offered and confirmed participants of its runs starting in the period."""
    confirmed = _confirmed_per_run()
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


def per_district(period: Period) -> list[tuple]:
    """Per district of the run's venue: course starts in the period that were not cancelled,
    and their confirmed participants; runs without a venue of the directory in a last row."""
    confirmed = _confirmed_per_run()
    rows = db.session.execute(
        sa.select(
            Venue.district_id,
            sa.func.count(CourseRun.id),
            sa.func.coalesce(sa.func.sum(confirmed.c.n), 0),
        )
        .select_from(CourseRun)
        .outerjoin(Venue, Venue.id == CourseRun.venue_id)
        .outerjoin(confirmed, confirmed.c.run_id == CourseRun.id)
        .where(
            _runs_in(period),
            sa.or_(CourseRun.decision.is_(None), CourseRun.decision != "cancelled"),
        )
        .group_by(Venue.district_id)
    ).all()
    return district_rows(
        {d: runs for d, runs, _n in rows},
        {d: n for d, _runs, n in rows},
        none_label=_l("No venue or district"),
    )


register_figure(
    Figure(
        key="courses-per-district",
        title=_l("Courses and participants per district"),
        columns=(_l("District"), _l("Course starts"), _l("Confirmed participants")),
        rows=per_district,
        chart="bar",
        order=72,
        description=_l(
            "Course starts in the period that were not cancelled, by the district of their venue."
        ),
    )
)
