"""What other domains may use of the calendar (the directory: an initiative's coming events)."""

from datetime import datetime

from office.core.registry import CalendarEntry
from office.events import queries


def upcoming_of_initiative(initiative_id: int, now: datetime) -> list[CalendarEntry]:
    """The initiative's published events of the coming three months, by start (at most ten)."""
    return queries.upcoming_of_initiative(initiative_id, now)
