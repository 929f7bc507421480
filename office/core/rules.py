"""Rules every domain shares, as pure functions."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def normalise_email(email: str) -> str:
    """The form in which an email address is stored and compared."""
    return email.strip().lower()


def cron_interval(schedule: str) -> timedelta:
    """How often a cron line of the forms the office uses runs: `* * * * *` every minute,
    `*/15 * * * *` every 15 minutes, `5 * * * *` hourly, `15 7 * * *` daily."""
    minute, hour, *_ = schedule.split()
    if minute == "*":
        return timedelta(minutes=1)
    if minute.startswith("*/"):
        return timedelta(minutes=int(minute[2:]))
    return timedelta(hours=1) if hour == "*" else timedelta(days=1)


def systemd_on_calendar(schedule: str) -> str:
    """The systemd timer `OnCalendar=` value of the same cron schedule."""
    minute, hour, *_ = schedule.split()
    hours = "*" if hour == "*" else f"{int(hour):02d}"
    return f"*-*-* {hours}:{_calendar_minutes(minute)}:00"


def _calendar_minutes(minute: str) -> str:
    if minute == "*":
        return "*"
    if minute.startswith("*/"):
        return f"00/{int(minute[2:])}"
    return f"{int(minute):02d}"


#: a job is late when it has not succeeded within this many of its intervals
LATE_INTERVALS = 2


def job_is_late(last_succeeded_at: datetime | None, interval: timedelta, now: datetime) -> bool:
    """A periodic job that has not succeeded within twice its interval needs an operator
    (a missing or broken cron line); one that never succeeded is late, too."""
    if last_succeeded_at is None:
        return True
    return now - last_succeeded_at > LATE_INTERVALS * interval
