"""Figures of the evaluation reports, contributed by any domain (its `figures.py`).

A module registers a figure once at import time:

    from office.core.figures import Figure, register_figure

    register_figure(Figure(
        key="courses-fill-rate",
        title=_l("Course fill rates"),
        columns=(_l("Course"), _l("Places"), _l("Booked")),
        rows=lambda period: [("Moderation basics", 18, 16), ...],
        chart="bar",            # "bar", "stacked" (first column = label, others = series),
                                # "line" (first column = x) or "table" (no chart)
        order=40,
    ))

`rows(period)` gets a `Period(start, end)` of local dates (end exclusive) and returns tuples
whose first value is the label and the other values numbers. The dashboard draws the chart
as inline SVG, shows the table, and offers the rows as CSV; the annual report and its PDF
contain every figure.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import LazyString

from office.core.clock import office_tz
from office.core.formatting import formatted
from office.core.models import District
from office.extensions import db


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive


@dataclass(frozen=True)
class Figure:
    key: str
    title: LazyString | str
    columns: Sequence
    rows: Callable[[Period], list[tuple]]
    chart: str = "bar"
    order: int = 50
    #: one sentence on what the figure shows or how it is counted
    description: LazyString | str = ""
    #: a predicate on the user; None: staff and board may see it
    visible: Callable | None = None


FIGURES: dict[str, Figure] = {}

CHART_KINDS = ("bar", "stacked", "line", "table")


def register_figure(figure: Figure) -> None:
    if figure.chart not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {figure.chart}")
    FIGURES[figure.key] = figure


def figures() -> list[Figure]:
    return sorted(FIGURES.values(), key=lambda f: (f.order, f.key))


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as aware UTC moments (local midnights)."""
    tz = office_tz()
    start = datetime.combine(period.start, time(), tz).astimezone(UTC)
    end = datetime.combine(period.end, time(), tz).astimezone(UTC)
    return start, end


def months(period: Period) -> list[date]:
    out, day = [], period.start.replace(day=1)
    while day < period.end:
        out.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def month_label(day: date) -> str:
    return formatted("date", day, "MMM yyyy")


def month_of(moment: datetime) -> date:
    """The first day of the office's local month of an aware moment."""
    return moment.astimezone(office_tz()).date().replace(day=1)


def per_month(pairs: Iterable[tuple[datetime, object]]) -> dict[date, list]:
    """The values of (moment, value) pairs, grouped by the office's local month of the moment."""
    grouped: dict[date, list] = defaultdict(list)
    for moment, value in pairs:
        grouped[month_of(moment)].append(value)
    return grouped


def monthly_counts(
    period: Period, pairs: Iterable[tuple[datetime, Hashable]], keys: Sequence[Hashable]
) -> list[tuple]:
    """Per month of the period: its label and how many (moment, key) pairs fall on each key."""
    grouped = per_month(pairs)
    return [(month_label(m), *(grouped[m].count(k) for k in keys)) for m in months(period)]


def rating_summary(label: sa.ColumnElement, rating: sa.ColumnElement) -> sa.Select:
    """Per label: how many ratings and their average; the caller adds joins and the period."""
    count, average = sa.func.count(rating), sa.func.avg(rating)
    return sa.select(label, count, average).group_by(label).order_by(label)


def average_ratings(statement: sa.Select) -> list[tuple]:
    """The rows of a `rating_summary` statement, the average rounded to two places."""
    rows = db.session.execute(statement)
    return [(label, int(n), round(float(average), 2)) for label, n, average in rows]


def district_rows(*counts: dict, none_label: LazyString | str = "") -> list[tuple]:
    """Rows of (district, one number per mapping) for every district by name (one query), and
    a last row `none_label` for what names no district (the key None), when there is any.

    Each mapping goes from a district id (or None) to a number, as a GROUP BY gives it.
    """
    names = db.session.execute(sa.select(District.id, District.name).order_by(District.name))
    rows = [(name, *(int(c.get(i) or 0) for c in counts)) for i, name in names]
    if any(c.get(None) for c in counts):
        rows.append((str(none_label), *(int(c.get(None) or 0) for c in counts)))
    return rows
