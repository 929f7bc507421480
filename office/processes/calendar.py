"""Public meetings of processes in the office's calendar."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from office.core.clock import office_tz
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.extensions import db
from office.processes.models import Phase, Process


def _public_meetings(start: datetime, end: datetime, tz):
    related = selectinload(Phase.process)
    return (
        sa.select(Phase)
        .join(Process)
        .options(related.selectinload(Process.districts), related.selectinload(Process.topics))
        .where(
            Process.is_public.is_(True),
            Phase.is_public_meeting.is_(True),
            Phase.starts_on < end.astimezone(tz).date() + timedelta(days=1),
            Phase.ends_on >= start.astimezone(tz).date(),
        )
        .order_by(Phase.starts_on)
    )


def _entry(phase: Phase, tz) -> CalendarEntry:
    process = phase.process
    return CalendarEntry(
        uid=f"process-phase-{phase.id}@office",
        title=f"{process.text('title')}: {phase.title}",
        start=datetime.combine(phase.starts_on, time(0), tzinfo=tz),
        end=datetime.combine(phase.ends_on + timedelta(days=1), time(0), tzinfo=tz),
        url=absolute_url("processes.detail", process_id=process.id),
        kind="process",
        all_day=True,
        location=phase.location,
        description=process.text("summary")[:500],
        district_ids=tuple(d.id for d in process.districts),
        topic_ids=tuple(t.id for t in process.topics),
        organiser=process.lead_department.name if process.lead_department else "",
    )


def _wanted(entry: CalendarEntry, filters: dict) -> bool:
    district, topic = filters.get("district"), filters.get("topic")
    return (not district or district in entry.district_ids) and (
        not topic or topic in entry.topic_ids
    )


@calendar_source("process")
def process_meetings(start: datetime, end: datetime, filters: dict):
    """All-day entries for public meetings of public processes overlapping [start, end)."""
    tz = office_tz()
    entries = (_entry(phase, tz) for phase in db.session.scalars(_public_meetings(start, end, tz)))
    yield from (entry for entry in entries if _wanted(entry, filters))
