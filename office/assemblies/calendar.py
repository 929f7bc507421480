"""Sessions of published assemblies in the office's public calendar."""

from datetime import datetime

from office.assemblies import queries
from office.assemblies.models import AssemblySession
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.venues import interface as venues


def session_entry(session: AssemblySession) -> CalendarEntry:
    """A session as a calendar entry (also the .ics of the assembly's plan)."""
    assembly = session.assembly
    return CalendarEntry(
        uid=f"assembly-session-{session.id}@office",
        title=f"{assembly.title}: {session.title}",
        start=session.starts_at,
        end=session.ends_at,
        url=absolute_url("assemblies.plan", slug=assembly.slug),
        kind="assembly",
        location=session.where,
        description=session.agenda[:500],
        access=venues.access_of(session.venue),
    )


@calendar_source("assembly")
def assembly_sessions(start: datetime, end: datetime, filters: dict):
    """Timed entries for the sessions of published assemblies overlapping [start, end)."""
    if filters.get("district_ids") or filters.get("topic_ids"):
        return  # sessions belong to no district or topic
    yield from (session_entry(s) for s in queries.public_sessions(start, end))
