"""A recurrence rule (RFC 5545 RRULE, as the calendar stores it) as a sentence for people:
"every Tuesday at 18:00, 8 times, except 16 March" / "jeden Dienstag um 18:00, 8-mal, außer am
16. März". Covers the rules the event form writes: daily, weekly on the start's weekday,
monthly on a date or on the nth weekday, with an interval, COUNT or UNTIL, and exceptions."""

import re
from datetime import UTC, date, datetime

from babel import dates, lists
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from office.core.clock import office_tz
from office.core.formatting import formatted, formatting_locale

_NTH = re.compile(r"^(-?\d)([A-Z]{2})$")


def _ordinal(n: int) -> str:
    return {
        1: pgettext("nth weekday of a month", "first"),
        2: pgettext("nth weekday of a month", "second"),
        3: pgettext("nth weekday of a month", "third"),
        4: pgettext("nth weekday of a month", "fourth"),
    }.get(n, pgettext("nth weekday of a month", "last"))


def _daily(parts: dict, start: datetime, every: int) -> str:
    if every == 1:
        return _("every day")
    return ngettext("every %(num)s day", "every %(num)s days", every)


def _weekday_name(start: datetime) -> str:
    return dates.format_date(start, "EEEE", locale=formatting_locale())


def _weekly(parts: dict, start: datetime, every: int) -> str:
    weekday = _weekday_name(start)
    if every == 1:
        return _("every %(weekday)s", weekday=weekday)
    return ngettext(
        "every %(num)s week on %(weekday)s",
        "every %(num)s weeks on %(weekday)s",
        every,
        weekday=weekday,
    )


def _monthly(parts: dict, start: datetime, every: int) -> str:
    nth = _NTH.match(parts.get("BYDAY", ""))
    if nth is None:
        return _monthly_on_day(start.day, every)
    return _monthly_on_weekday(_ordinal(int(nth.group(1))), _weekday_name(start), every)


def _monthly_on_day(day: int, every: int) -> str:
    if every == 1:
        return _("on day %(day)s of every month", day=day)
    return ngettext(
        "on day %(day)s of every %(num)s month",
        "on day %(day)s of every %(num)s months",
        every,
        day=day,
    )


def _monthly_on_weekday(ordinal: str, weekday: str, every: int) -> str:
    if every == 1:
        return _("on the %(nth)s %(weekday)s of every month", nth=ordinal, weekday=weekday)
    return ngettext(
        "on the %(nth)s %(weekday)s of every %(num)s month",
        "on the %(nth)s %(weekday)s of every %(num)s months",
        every,
        nth=ordinal,
        weekday=weekday,
    )


_FREQUENCIES = {"DAILY": _daily, "WEEKLY": _weekly, "MONTHLY": _monthly}


def _end(parts: dict) -> str | None:
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        return ngettext("%(num)s time", "%(num)s times", count)
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return _("until %(date)s", date=formatted("date", until.astimezone(office_tz()).date()))
    return None


def _except(exdates) -> str | None:
    days = sorted(date.fromisoformat(str(d)[:10]) for d in exdates or ())
    if not days:
        return None
    locale = formatting_locale()
    names = [dates.format_skeleton("MMMMd", d, locale=locale) for d in days]
    return _("except %(dates)s", dates=lists.format_list(names, locale=locale))


def recurrence(rrule: str, start: datetime, exdates=(), all_day: bool = False) -> str:
    """The sentence for `rrule` of a series whose first occurrence starts at `start`."""
    if not rrule:
        return ""
    parts = dict(p.split("=", 1) for p in rrule.split(";") if "=" in p)
    describe = _FREQUENCIES.get(parts.get("FREQ", ""))
    if describe is None:
        return _("repeats")
    local = start.astimezone(office_tz())
    phrase = describe(parts, local, int(parts.get("INTERVAL", 1)))
    if not all_day:
        phrase += " " + _("at %(time)s", time=formatted("time", local))
    return ", ".join(p for p in (phrase, _end(parts), _except(exdates)) if p)
