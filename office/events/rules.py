"""Rules of the event calendar: recurrence, windows, capacity. Pure functions, `now` passed in."""

import base64
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

#: how a series repeats; "monthly_weekday" is "every second Tuesday of the month"
FREQUENCIES = ("none", "daily", "weekly", "monthly_date", "monthly_weekday")
#: a series has at most this many occurrences and lasts at most this long
MAX_OCCURRENCES = 520
MAX_SERIES_DAYS = 3 * 366
#: the longest range the API and the feed answer for at once
MAX_RANGE_DAYS = 366
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: occurrences of series are stored this many days ahead (`flask events extend-occurrences`
#: moves the horizon daily); a window beyond it is expanded from the rule when asked for
HORIZON_DAYS = 400
#: an occurrence longer than this is "long": a window query looks back this far for the short
#: ones (an index range) and takes the few long ones apart
LONG_OCCURRENCE = timedelta(days=8)


class RuleError(ValueError):
    """An input breaks a rule; `code` names which (the service turns it into a message)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def build_rrule(
    frequency: str, interval: int, first_start: datetime, count: int | None, until: date | None
) -> str:
    """The RFC 5545 RRULE for a repetition chosen in the form; refuses series without an end.

    `first_start` is the aware start of the first occurrence in the office's zone; UNTIL is
    written in UTC as RFC 5545 requires when DTSTART has a time zone, and covers the whole
    last day.
    """
    if frequency == "none":
        return ""
    if frequency not in FREQUENCIES:
        raise RuleError("frequency")
    if count is None and until is None:
        raise RuleError("endless")
    if interval < 1 or interval > 12:
        raise RuleError("interval")
    parts = {
        "daily": ["FREQ=DAILY"],
        "weekly": ["FREQ=WEEKLY", f"BYDAY={WEEKDAYS[first_start.weekday()]}"],
        "monthly_date": ["FREQ=MONTHLY", f"BYMONTHDAY={first_start.day}"],
        "monthly_weekday": [
            "FREQ=MONTHLY",
            f"BYDAY={nth_weekday(first_start.date())}{WEEKDAYS[first_start.weekday()]}",
        ],
    }[frequency]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if count is not None:
        if not 2 <= count <= MAX_OCCURRENCES:
            raise RuleError("count")
        parts.append(f"COUNT={count}")
    else:
        if until < first_start.date():
            raise RuleError("until_before_start")
        if (until - first_start.date()).days > MAX_SERIES_DAYS:
            raise RuleError("too_long")
        last = datetime.combine(until, time(23, 59, 59), tzinfo=first_start.tzinfo)
        parts.append("UNTIL=" + last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)


def nth_weekday(day: date) -> int:
    """1 for the first Tuesday of a month, 2 for the second ...; -1 for a fifth (the last)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _rule(rrule: str, first_start: datetime):
    rule = rrulestr("RRULE:" + rrule, dtstart=first_start)
    if rule._count is None and rule._until is None:  # noqa: SLF001 - dateutil has no public getter
        raise RuleError("endless")
    return rule


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # aware, office zone
    end: datetime


def occurrences(
    first_start: datetime,
    first_end: datetime,
    rrule: str,
    exdates: list[str],
    window_start: datetime,
    window_end: datetime,
    tz: ZoneInfo,
    all_day: bool = False,
) -> list[Occurrence]:
    """Occurrences that overlap [window_start, window_end), at most MAX_OCCURRENCES.

    Times repeat on the wall clock of the office's zone (a 19:00 meeting stays at 19:00 after
    the change to summer time). Exceptions are local start dates.
    """
    start = first_start.astimezone(tz)
    duration = first_end - first_start
    if not rrule:
        starts = [start]
    else:
        skipped = set(exdates or ())
        starts = [
            s
            for s in _rule(rrule, start).between(window_start - duration, window_end, inc=True)
            if s.date().isoformat() not in skipped
        ][:MAX_OCCURRENCES]
    result = []
    for s in starts:
        if all_day:
            e = datetime.combine(s.date() + timedelta(days=duration.days), time(), tzinfo=tz)
        else:
            e = (s.astimezone(UTC) + duration).astimezone(tz)
        if s < window_end and e > window_start:
            result.append(Occurrence(s, e))
    return result


def occurrence_horizon(now: datetime, tz: ZoneInfo) -> datetime:
    """How far ahead occurrences of series are stored: local midnight HORIZON_DAYS from today
    (stable through the day, so saves and the daily command agree)."""
    return local_midnight(now.astimezone(tz).date() + timedelta(days=HORIZON_DAYS), tz)


def stored_occurrences(
    first_start: datetime,
    first_end: datetime,
    rrule: str,
    exdates: list[str],
    tz: ZoneInfo,
    all_day: bool,
    until: datetime,
    since: datetime | None = None,
) -> list[Occurrence]:
    """The occurrences to store: of a series those starting in [since, until) (`since` defaults
    to the first start); a single event's one occurrence always, whatever the horizon."""
    if not rrule:
        return occurrences(first_start, first_end, "", [], first_start, first_end, tz, all_day)
    since = since or first_start
    found = occurrences(first_start, first_end, rrule, exdates, since, until, tz, all_day)
    return [o for o in found if o.start >= since]


def is_long(start: datetime, end: datetime) -> bool:
    return end - start > LONG_OCCURRENCE


def series_end(first_start: datetime, first_end: datetime, rrule: str, tz: ZoneInfo) -> datetime:
    """End of the last occurrence (exceptions ignored: the bound only needs to be safe)."""
    if not rrule:
        return first_end
    start = first_start.astimezone(tz)
    last = list(_rule(rrule, start))[-1]
    return (last.astimezone(UTC) + (first_end - first_start)).astimezone(UTC)


def check_times(start: datetime, end: datetime) -> None:
    """An event ends after it starts."""
    if end <= start:
        raise RuleError("end_before_start")


def check_range(start: date, end: date) -> None:
    """The API and feeds answer for `from` before `to`, at most MAX_RANGE_DAYS apart."""
    if end <= start:
        raise RuleError("range_order")
    if (end - start).days > MAX_RANGE_DAYS:
        raise RuleError("range_too_long")


def month_grid(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday to Sunday) that show a month, including days of the neighbours."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    next_month = date(year + month // 12, month % 12 + 1, 1)
    shown = math.ceil((next_month - start).days / 7)
    return [week_of(start + timedelta(weeks=w)) for w in range(shown)]


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def places_left(capacity: int | None, taken: int) -> int | None:
    """Free places of an occurrence; None when the event has no limit."""
    if capacity is None:
        return None
    return max(capacity - taken, 0)


def signup_open(occurrence_start: datetime, now: datetime) -> bool:
    """Sign-up is possible until the occurrence starts."""
    return now < occurrence_start


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def schedule_of(event) -> tuple:
    """What a calendar client must update when it changes: times, repetition, place, status."""
    return (
        event.start_at,
        event.end_at,
        event.all_day,
        event.rrule,
        tuple(event.exdates or ()),
        event.location,
        event.online_url,
        event.venue_id,
        event.status,
    )


def next_sequence(sequence: int | None, before: tuple | None, after: tuple) -> int:
    """The event's revision number (iCalendar SEQUENCE, RFC 5545 3.8.7.4).

    It goes up by one whenever the organiser changes the date, time, repetition, place or
    status (a cancellation), so that subscribed calendars replace their copy; a new event
    starts at 0, and a change of the title or text alone keeps the number.
    """
    if before is None:
        return 0
    return (sequence or 0) + (1 if before != after else 0)


#: a survey link works this many days after it was sent
SURVEY_DAYS = 14
#: the survey goes out once the date is over, for sign-ups of dates ended at most this long ago
SURVEY_LOOKBACK = timedelta(days=3)


def survey_due(occurrence_end: datetime, now: datetime) -> bool:
    """The short satisfaction survey goes to people signed up for a date once it is over (and
    not for dates long past, e.g. after a pause of the cron job)."""
    return occurrence_end <= now < occurrence_end + SURVEY_LOOKBACK


def rating_valid(rating) -> bool:
    """A satisfaction rating is a whole number from one to five."""
    return isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 5


#: the events API answers pages of this many entries unless asked for fewer or more (at most)
PAGE_DEFAULT, PAGE_MAX = 100, 500


def page_limit(raw: str | None) -> int:
    """The asked page size: a whole number from 1 to PAGE_MAX, PAGE_DEFAULT when not given."""
    if raw is None or raw == "":
        return PAGE_DEFAULT
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= PAGE_MAX:
        raise RuleError("page_limit")
    return int(raw)


def page_cursor(start: datetime, uid: str) -> str:
    """An opaque cursor after the entry (start, uid): the API orders its entries so."""
    return base64.urlsafe_b64encode(f"{start.isoformat()}|{uid}".encode()).decode().rstrip("=")


def after_cursor(raw: str) -> tuple[datetime, str]:
    """(start, uid) of a cursor `page_cursor` gave."""
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        start, uid = text.split("|", 1)
        found = datetime.fromisoformat(start)
        if found.tzinfo is None or not uid:
            raise RuleError("page_cursor")
        return found.astimezone(UTC), uid  # a year 1 or 9999 with an offset leaves the range
    except (ValueError, OverflowError) as exc:  # binascii.Error, UnicodeDecodeError included
        raise RuleError("page_cursor") from exc
