"""What other domains may use of the calendar (the directory: an initiative's coming events)."""

from datetime import datetime

from office.core.clock import utcnow
from office.core.registry import CalendarEntry
from office.events import calendar, queries
from office.events.models import Event


def upcoming_of_initiative(initiative_id: int, now: datetime) -> list[CalendarEntry]:
    """The initiative's published events of the coming three months, by start (at most ten)."""
    return calendar.upcoming_of_initiative(initiative_id, now)


def recurring_series_of(initiative_id: int, now: datetime) -> list[Event]:
    """The initiative's published recurring events that still have dates to come."""
    return queries.recurring_series_of(initiative_id, now)


def upcoming_at_venue(venue_id: int) -> list[CalendarEntry]:
    """The published events at the venue in the coming three months (at most twenty)."""
    return calendar.upcoming_at_venue(venue_id, utcnow())
