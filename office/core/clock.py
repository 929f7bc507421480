"""The one place that asks the machine for the time, and the office's local dates and times."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Now, timezone-aware in UTC."""
    return datetime.now(UTC)


def office_tz() -> ZoneInfo:
    """The office's time zone (OFFICE_TIMEZONE)."""
    return ZoneInfo(current_app.config["OFFICE_TIMEZONE"])


def local_now() -> datetime:
    """Now in the office's time zone."""
    return utcnow().astimezone(office_tz())


def to_local(moment: datetime) -> datetime:
    """An aware moment as the office's wall-clock time."""
    return moment.astimezone(office_tz())


def local_date(moment: datetime) -> date:
    """The office's calendar day of an aware moment."""
    return to_local(moment).date()


def from_local(naive: datetime) -> datetime:
    """A wall-clock time typed into a form (office time zone) as an aware UTC moment."""
    return naive.replace(tzinfo=office_tz()).astimezone(UTC)
