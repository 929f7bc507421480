"""What the database can store, in one place: the bounds of numbers and dates, derived from the
column types, that every form field (office/core/forms.py) and every query parameter parser
checks before a value reaches the database.

A value outside these bounds is the user's mistake, answered with a message (a form error, or 400
for a query parameter), never with the database's error or an overflow in date arithmetic.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import abort

#: the range of the integer types (PostgreSQL's sizes; SQLite stores up to 8 bytes in any)
INTEGER_RANGES = {
    sa.SmallInteger: (-(2**15), 2**15 - 1),
    sa.BigInteger: (-(2**63), 2**63 - 1),
    sa.Integer: (-(2**31), 2**31 - 1),
}
#: the days the office handles: wide enough for any birth date or plan, narrow enough that date
#: arithmetic around them (a month grid, a week, a recurrence) cannot leave Python's range
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
#: the float bound: a finite number any column and any formatting handles
FLOAT_LIMIT = 1e15


def numeric_bounds(column_type: sa.types.TypeEngine) -> tuple:
    """(lowest, highest) value a column of this type stores."""
    for kind, bounds in INTEGER_RANGES.items():  # SmallInteger and BigInteger before Integer
        if isinstance(column_type, kind):
            return bounds
    if isinstance(column_type, sa.Float):
        return (-FLOAT_LIMIT, FLOAT_LIMIT)
    if isinstance(column_type, sa.Numeric):
        scale = column_type.scale or 0
        highest = Decimal(10) ** (column_type.precision - scale) - Decimal(10) ** -scale
        return (-highest, highest)
    raise TypeError(f"not a numeric column type: {column_type!r}")


INTEGER = numeric_bounds(sa.Integer())
#: the money and cost columns: Numeric(10, 2)
AMOUNT = numeric_bounds(sa.Numeric(10, 2))


def within(value, bounds: tuple) -> bool:
    """True for a finite value inside the bounds (NaN and infinities never are)."""
    try:
        return bounds[0] <= value <= bounds[1]
    except (InvalidOperation, TypeError):  # Decimal NaN refuses to compare
        return False


def parse_int(raw: str | None, bounds: tuple = INTEGER) -> int | None:
    """A whole number written in ASCII digits within the bounds, else None."""
    raw = (raw or "").strip()
    digits = raw[1:] if raw[:1] == "-" else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 20:
        return None
    value = int(raw)
    return value if within(value, bounds) else None


def parse_float(raw: str | None) -> float | None:
    """A finite decimal number (comma or point) within the float bound, else None."""
    try:
        value = float((raw or "").strip().replace(",", "."))
    except ValueError:
        return None
    return value if within(value, (-FLOAT_LIMIT, FLOAT_LIMIT)) else None


def parse_date(raw: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) in the supported range, else None."""
    day = _iso_date(raw)
    return day if day and FIRST_DAY <= day <= LAST_DAY else None


def _iso_date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def date_arg(raw: str | None, default: date) -> date:
    """A date query parameter: missing or malformed reads as `default`, out of range answers 400."""
    day = _iso_date(raw)
    if day and not FIRST_DAY <= day <= LAST_DAY:
        abort(400)
    return day or default


def month_arg(raw: str | None, default: date) -> date:
    """A month query parameter (YYYY-MM) as its first day, with `date_arg`'s rules."""
    year, _dash, month = (raw or "").partition("-")
    if not (year.isdigit() and month.isdigit()):
        return default
    return date_arg(f"{int(year):04d}-{int(month):02d}-01", default)
