"""Public meetings of processes in the office's calendar."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from office.core.clock import office_tz
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.extensions import db
from office.processes.models import Phase, Process


@calendar_source("process")
def process_meetings(start: datetime, end: datetime, filters: dict):
    """All-day entries for public meetings of public processes overlapping [start, end)."""
    tz = office_tz()
    stmt = (
        sa.select(Phase)
        .join(Process)
        .options(
            selectinload(Phase.process).selectinload(Process.districts),
            selectinload(Phase.process).selectinload(Process.topics),
        )
        .where(
            Process.is_public.is_(True),
            Phase.is_public_meeting.is_(True),
            Phase.starts_on < end.astimezone(tz).date() + timedelta(days=1),
            Phase.ends_on >= start.astimezone(tz).date(),
        )
        .order_by(Phase.starts_on)
    )
    for phase in db.session.scalars(stmt):
        process = phase.process
        district_ids = tuple(d.id for d in process.districts)
        topic_ids = tuple(t.id for t in process.topics)
        if filters.get("district") and filters["district"] not in district_ids:
            continue
        if filters.get("topic") and filters["topic"] not in topic_ids:
            continue
        first = datetime.combine(phase.starts_on, time(0), tzinfo=tz)
        after = datetime.combine(phase.ends_on + timedelta(days=1), time(0), tzinfo=tz)
        yield CalendarEntry(
            uid=f"process-phase-{phase.id}@office",
            title=f"{process.title}: {phase.title}",
            start=first,
            end=after,
            url=absolute_url("processes.detail", process_id=process.id),
            kind="process",
            all_day=True,
            location=phase.location,
            description=process.summary[:500],
            district_ids=district_ids,
            topic_ids=topic_ids,
            organiser=process.lead_department.name if process.lead_department else "",
        )
