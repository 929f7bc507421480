"""The office's business calendar: working hours per weekday in the office's time zone, public
holidays from the `holidays` library for the configured country and region (OFFICE_HOLIDAYS:
DE-BB, DE-HE, DK ...), and the office's own closing days.

Every deadline that counts working days or working hours goes through a `BusinessCalendar`.
Its methods are pure (no Flask, no database); `office_calendar()` builds the office's one.
"""

import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_library
import sqlalchemy as sa
from flask import current_app

from office.core.models import ClosingDay
from office.extensions import db

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Mon-Thu 8-16, Fri 8-13: the opening hours of a typical German or Danish town hall office
DEFAULT_HOURS = "mon-thu 08:00-16:00, fri 08:00-13:00"
#: a calendar with no working day within ten years has no deadlines
SEARCH_DAYS = 3660

_SPAN = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+(?P<opens>\d\d:\d\d)-(?P<closes>\d\d:\d\d)$"
)


class CalendarSettingError(ValueError):
    """OFFICE_HOURS or OFFICE_HOLIDAYS cannot be understood."""


def parse_hours(text: str) -> dict[int, tuple[time, time]]:
    """'mon-thu 08:00-16:00, fri 08:00-13:00' -> {0: (8:00, 16:00), ..., 4: (8:00, 13:00)}."""
    hours: dict[int, tuple[time, time]] = {}
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        match = _SPAN.match(part)
        if not match or match["first"] not in WEEKDAYS or (match["last"] or "mon") not in WEEKDAYS:
            raise CalendarSettingError(f"OFFICE_HOURS: cannot read {part!r} (e.g. {DEFAULT_HOURS})")
        opens, closes = _clock_time(match["opens"]), _clock_time(match["closes"])
        if closes <= opens:
            raise CalendarSettingError(f"OFFICE_HOURS: {part!r} closes before it opens")
        first = WEEKDAYS.index(match["first"])
        last = WEEKDAYS.index(match["last"] or match["first"])
        hours.update(dict.fromkeys(range(first, last + 1), (opens, closes)))
    if not hours:
        raise CalendarSettingError("OFFICE_HOURS: at least one working day is needed")
    return hours


def _clock_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise CalendarSettingError(f"OFFICE_HOURS: {text!r} is not a time of day") from exc


def check_holiday_code(code: str) -> tuple[str, str | None]:
    """'DE-BB' -> ('DE', 'BB'); a country or region the library does not know is refused."""
    country, _, region = code.strip().upper().partition("-")
    supported = holiday_library.list_supported_countries()
    if country not in supported:
        raise CalendarSettingError(
            f"OFFICE_HOLIDAYS: unknown country {country!r} (e.g. DE-BB, DE-HE, DK)"
        )
    regions = {r.upper(): r for r in supported[country]}
    if region and region not in regions:
        raise CalendarSettingError(
            f"OFFICE_HOLIDAYS: {country} has no region {region!r} "
            f"(known: {', '.join(sorted(regions))})"
        )
    return country, regions.get(region) if region else None


@lru_cache(maxsize=8)
def public_holidays(code: str, language: str | None = None):
    """The library's holidays of `code` ('DE-BB'); it fills in every year asked for."""
    country, region = check_holiday_code(code)
    calendar = holiday_library.country_holidays(country, subdiv=region)
    if language and language in calendar.supported_languages:
        calendar = holiday_library.country_holidays(country, subdiv=region, language=language)
    return calendar


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday, public holidays and closing days, in one time zone."""

    tz: ZoneInfo
    hours: dict[int, tuple[time, time]]
    public: Container = field(default_factory=frozenset)
    closing_days: frozenset = frozenset()

    def is_working_day(self, day: date) -> bool:
        """A weekday with working hours that is neither a public holiday nor a closing day."""
        return (
            day.weekday() in self.hours and day not in self.public and day not in self.closing_days
        )

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        if not self.is_working_day(day):
            return None
        opens, closes = self.hours[day.weekday()]
        return datetime.combine(day, opens, self.tz), datetime.combine(day, closes, self.tz)

    def _windows(self, start: datetime):
        """The working windows from the day of `start` on, cut to begin at `start`."""
        day = start.astimezone(self.tz).date()
        for offset in range(SEARCH_DAYS):
            window = self._window(day + timedelta(days=offset))
            if window and window[1] > start:
                yield max(window[0], start), window[1]

    def add(self, start: datetime, minutes: int) -> datetime:
        """The moment `minutes` working minutes after `start` (a deadline)."""
        left = timedelta(minutes=minutes)
        for opens, closes in self._windows(start):
            if closes - opens >= left:
                return opens + left
            left -= closes - opens
        raise CalendarSettingError("the business calendar has no working hours")

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.minutes_between(end, start)
        total = timedelta()
        for opens, closes in self._windows(start):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return int(total.total_seconds() // 60)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself does not count); zero days
        means the next working day on or after `start`."""
        day = start
        if days <= 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        days = _days(start + timedelta(days=1), end)
        return sum(1 for day in days if self.is_working_day(day))

    def closed_days(self, first: date, last: date) -> list[tuple[date, str]]:
        """The public holidays on working weekdays from `first` to `last`, with their names."""
        return [(day, self.public.get(day)) for day in _days(first, last) if self._closed(day)]

    def _closed(self, day: date) -> bool:
        """A public holiday on a weekday that has working hours."""
        return day.weekday() in self.hours and day in self.public


def _days(first: date, last: date):
    """Every day from `first` to `last`, both included."""
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


def office_calendar() -> BusinessCalendar:
    """The office's calendar: OFFICE_HOURS, OFFICE_HOLIDAYS, OFFICE_TIMEZONE and closing days."""
    config = current_app.config
    return BusinessCalendar(
        tz=ZoneInfo(config["OFFICE_TIMEZONE"]),
        hours=parse_hours(config["OFFICE_HOURS"]),
        public=public_holidays(config["OFFICE_HOLIDAYS"]),
        closing_days=frozenset(db.session.scalars(sa.select(ClosingDay.day))),
    )
