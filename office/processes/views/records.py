"""The Vorhabenliste's filters from the query string, and a process as open data."""

from flask import request
from flask_babel import get_locale

from office.core import bounds
from office.core.links import absolute_url
from office.methods.models import LEVELS
from office.processes import queries
from office.processes.models import PROCESS_STATUSES, Process

#: the largest id a row can have (Integer columns); larger ones match nothing
MAX_ID = bounds.INTEGER[1]


def _int_arg(name):
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to str.isdigit, not to int
        return None
    number = int(value)
    return number if number <= MAX_ID else -1


def current_filters() -> queries.ProcessFilters:
    status = request.args.get("status", "")
    level = request.args.get("level", "")
    return queries.ProcessFilters(
        q=request.args.get("q", "").strip()[:100],
        status=status if status in PROCESS_STATUSES else "",
        district=_int_arg("district"),
        topic=_int_arg("topic"),
        level=level if level in LEVELS else "",
        department=_int_arg("department"),
    )


CSV_COLUMNS = (
    "id",
    "title",
    "status",
    "level",
    "lead_department",
    "districts",
    "topics",
    "starts_on",
    "ends_on",
    "cost_estimate",
    "council_reference",
    "url",
)


def process_record(p: Process) -> dict:
    """One process as open data (CSV row and JSON object)."""
    locale = str(get_locale())
    return {
        "id": p.id,
        "title": p.title,
        "summary": p.summary,
        "status": p.status,
        "level": p.level,
        "lead_department": p.lead_department.name if p.lead_department else None,
        "districts": [d.name for d in p.districts],
        "topics": [t.name_in(locale) for t in p.topics],
        "starts_on": p.starts_on.isoformat() if p.starts_on else None,
        "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        "cost_estimate": str(p.cost_estimate) if p.cost_estimate is not None else None,
        "council_reference": p.council_reference or None,
        "url": absolute_url("processes.detail", process_id=p.id),
    }
