"""The one set of formatting helpers: dates, times, ranges, durations, money, percentages,
file sizes, counts with plurals and API times, for templates, mails, PDFs and CSVs alike.

Everything follows the reader's language (Flask-Babel's locale: the request's, or the one a
mail is forced to) and the office's time zone. English uses `OFFICE_ENGLISH_FORMAT` (default
en_GB: day before month, 24-hour clock: "6 Dec 2026, 17:00", not "Dec 6, 2026, 5:00 PM").
Times of day are shown without seconds and without a zone name ("17:00", not "17:00:00
Mitteleuropäische Normalzeit").
"""

import copy
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from babel import Locale, dates, numbers, units
from flask import current_app
from flask_babel import LazyString, get_locale, get_timezone, get_translations

from office.core.clock import office_tz

STYLES = ("short", "medium", "long", "full")


def formatting_locale() -> str:
    """The locale whose patterns numbers and dates follow (en -> OFFICE_ENGLISH_FORMAT)."""
    code = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    if code == "en":
        return current_app.config.get("OFFICE_ENGLISH_FORMAT", "en_GB")
    return code


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # naive = UTC, as stored


def _date(value, fmt, locale, tz) -> str:
    if isinstance(value, datetime):
        value = _aware(value).astimezone(tz).date()
    return dates.format_date(value, fmt or "medium", locale=locale)


def _datetime(value, fmt, locale, tz) -> str:
    """A style ("medium") is the date in that style with the time of day as hours and minutes."""
    fmt = fmt or "medium"
    local = _aware(value).astimezone(tz)
    if fmt not in STYLES:
        return dates.format_datetime(local, fmt, tzinfo=tz, locale=locale)
    glue = dates.get_datetime_format(fmt, locale=locale).replace("'", "")
    clock = dates.format_time(local, "short", tzinfo=tz, locale=locale)
    return glue.replace("{0}", clock).replace("{1}", dates.format_date(local, fmt, locale=locale))


def _time(value, fmt, locale, tz) -> str:
    if isinstance(value, datetime):
        value = _aware(value).astimezone(tz)
    return dates.format_time(value, fmt or "short", tzinfo=tz, locale=locale)


def _number(value, fmt, locale, tz) -> str:
    return numbers.format_decimal(value, fmt, locale=locale)


def _percent(value, digits, locale, tz) -> str:
    parsed = Locale.parse(locale)
    pattern = copy.copy(parsed.percent_formats[None])
    if digits is not None:
        pattern.frac_prec = (digits, digits)
    return pattern.apply(value, parsed)


_FORMATTERS = {
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "number": _number,
    "percent": _percent,
}


@lru_cache(maxsize=16384)
def _formatted(kind: str, value, fmt, value_type: type, locale: str, timezone: str) -> str:
    """Babel parses patterns and looks up locale data on every call, which made it the largest
    cost of list pages. The text depends only on the arguments, which are the cache key."""
    return _FORMATTERS[kind](value, fmt, locale, dates.get_timezone(timezone))


def formatted(kind: str, value, fmt=None) -> str:
    """`value` as a date, datetime, time, number or percentage for the reader."""
    if value is None or (kind not in ("number", "percent") and not value):
        return ""
    locale, timezone = formatting_locale(), str(get_timezone())
    try:
        return _formatted(kind, value, fmt, type(value), locale, timezone)
    except TypeError:  # not hashable: format without the cache
        return _FORMATTERS[kind](value, fmt, locale, dates.get_timezone(timezone))


def counted(singular: str, plural: str, num: int, **variables) -> LazyString:
    """A translated count with the plural the language needs and `%(num)s` in the locale's
    format ("1 Rückmeldung fehlt", "10.000 Plätze", "10,000 seats"); evaluated when shown, so
    it serves services' refusals as well as flashes. Extracted like `ngettext`."""

    def text() -> str:
        # Flask-Babel's ngettext would put the bare number in %(num)s
        message = get_translations().ngettext(singular, plural, num)
        return message % {**variables, "num": formatted("number", num)}

    return LazyString(text)


def format_percent(value, digits=None) -> str:
    """A share (0.0379) as a percentage ("3,79 %", "3.79%"), `digits` decimals when given."""
    return formatted("percent", value, digits)


def money(amount, currency: str | None = None) -> str:
    """An amount in the office's currency ("1.234,50 €", "€1,234.50")."""
    if amount is None:
        return ""
    currency = currency or current_app.config["OFFICE_CURRENCY"]
    return _money(Decimal(amount), currency, formatting_locale())


@lru_cache(maxsize=4096)
def _money(amount: Decimal, currency: str, locale: str) -> str:
    return numbers.format_currency(amount, currency, locale=locale)


def whole_money(amount) -> str:
    """An amount without cents ("15.000 €", "€15,000"), for estimates such as cost ranges."""
    if amount is None:
        return ""
    locale = Locale.parse(formatting_locale())
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    currency = current_app.config["OFFICE_CURRENCY"]
    return numbers.format_currency(
        amount, currency, locale=locale, format=pattern, currency_digits=False
    )


def date_range(start: date, end: date | None, skeleton: str = "yMMMd") -> str:
    """Two days as one range in the language's style ("2.–5. März 2026", "2–5 Mar 2026")."""
    if start is None:
        return ""
    if isinstance(start, datetime):
        start, end = (
            start.astimezone(office_tz()).date(),
            end and end.astimezone(office_tz()).date(),
        )
    if not end or end == start:
        return formatted("date", start)
    return dates.format_interval(start, end, skeleton, locale=formatting_locale())


def time_range(start: datetime, end: datetime) -> str:
    """A meeting's time in the office's zone: "16 Dec 2026, 17:00–19:00" (one day) or both ends."""
    if not end:
        return formatted("datetime", start)
    tz = office_tz()
    if _aware(start).astimezone(tz).date() == _aware(end).astimezone(tz).date():
        return f"{formatted('datetime', start)}–{formatted('time', end)}"
    return f"{formatted('datetime', start)} – {formatted('datetime', end)}"


def duration(delta: timedelta | int) -> str:
    """A length of time in words ("1 Stunde 30 Minuten", "2 days"); an int counts minutes."""
    minutes = delta if isinstance(delta, int) else round(delta.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    locale = formatting_locale()
    parts = [
        units.format_unit(amount, unit, length="long", locale=locale)
        for amount, unit in (
            (days, "duration-day"),
            (hours, "duration-hour"),
            (minutes, "duration-minute"),
        )
        if amount
    ]
    return " ".join(parts) or units.format_unit(0, "duration-minute", length="long", locale=locale)


SIZE_UNITS = ((10**9, "digital-gigabyte"), (10**6, "digital-megabyte"), (10**3, "digital-kilobyte"))


def file_size(size: int) -> str:
    """A file's size ("45 Byte", "45 bytes", "1,2 kB", "3.4 MB"); decimal units as most systems show."""
    locale = formatting_locale()
    for factor, unit in SIZE_UNITS:
        if size >= factor:
            value = Decimal(size) / factor
            return units.format_unit(value, unit, length="short", format="#,##0.#", locale=locale)
    return units.format_unit(size, "digital-byte", length="long", locale=locale)


def api_time(moment: datetime | None) -> str | None:
    """A moment for the open-data API: ISO 8601 with the office's local offset."""
    if moment is None:
        return None
    return _aware(moment).astimezone(office_tz()).isoformat()
