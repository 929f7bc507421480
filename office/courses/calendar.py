"""Course runs in the public event calendar, as .ics files and as schema.org Events."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from office.core import jsonld
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.courses.models import Course, CourseFormat, CourseRun, RunDecision
from office.extensions import db
from office.venues import interface as venues


def entries_for_run(run: CourseRun, private: bool = False) -> list[CalendarEntry]:
    """One entry per course day; `private` adds the online link (for confirmed participants)."""
    location = venues.place_line(run.directory_venue, run.venue, run.online_link if private else "")
    access = venues.access_of(run.directory_venue)
    url = absolute_url("courses.course", slug=run.course.slug)
    return [
        CalendarEntry(
            uid=f"course-run-{run.id}-day-{index}@office",
            title=run.course.text("title"),
            start=start,
            end=end,
            url=url,
            kind="course",
            location=location,
            description=run.course.text("summary"),
            access=access,
        )
        for index, (start, end) in enumerate(run.intervals(), start=1)
    ]


@calendar_source("course")
def course_entries(start: datetime, end: datetime, filters: dict):
    """Published, not cancelled runs of visible courses with a day in [start, end)."""
    if filters.get("district_ids") or filters.get("topic_ids"):
        # a course run has no district or topic: such a filter shows none of them (the
        # calendar would drop them all), so none is loaded (a district's feed)
        return
    access = sorted(filters.get("access") or ())
    at_venue = CourseRun.venue_id.in_(venues.venue_ids_with(access)) if access else sa.true()
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
            at_venue,
        )
        .options(selectinload(CourseRun.directory_venue))
        .order_by(CourseRun.first_day)
    )
    for run in runs:
        for entry in entries_for_run(run):
            if entry.end > start and entry.start < end:
                yield entry


def _run_place(run: CourseRun) -> jsonld.Place | None:
    if run.course.format == CourseFormat.ONLINE:
        return None
    if run.directory_venue is not None:
        return venues.place_of(run.directory_venue)
    street = run.venue or current_app.config["OFFICE_NAME"]
    return jsonld.Place(name=street, address=jsonld.Address(street=street))


def run_json_ld(run: CourseRun, open_for_registration: bool) -> dict:
    """A course run as a schema.org Event: its first day's start to its last day's end.

    The online link is for participants only: the public sees the course page instead.
    """
    intervals = run.intervals()
    course_url = absolute_url("courses.course", slug=run.course.slug)
    offer = jsonld.Offer(
        absolute_url("courses.register", run_id=run.id),
        run.price_incl_vat,
        current_app.config["OFFICE_CURRENCY"],
        open_for_registration,
    )
    online = run.course.format in (CourseFormat.ONLINE, CourseFormat.HYBRID)
    data = jsonld.EventData(
        name=run.course.text("title"),
        start=intervals[0][0],
        end=intervals[-1][1],
        url=course_url,
        organiser=current_app.config["OFFICE_NAME"],
        organiser_url=absolute_url("core.home"),
        description=run.course.text("summary"),
        cancelled=run.decision == RunDecision.CANCELLED,
        place=_run_place(run),
        online_url=course_url if online else "",
        offers=(offer,),
    )
    return jsonld.event(data)


def course_json_ld(runs: list[tuple[CourseRun, bool]]) -> dict | None:
    """The course page's runs (each with whether it takes registrations) as one graph."""
    if not runs:
        return None
    return jsonld.graph(run_json_ld(run, open_) for run, open_ in runs)
