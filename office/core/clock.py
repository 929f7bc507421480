"""The one place that asks the machine for the time."""

from datetime import UTC, datetime
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
