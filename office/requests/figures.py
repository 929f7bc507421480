"""The help requests' figures for the evaluation reports (office/core/figures.py)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.business_calendar import office_calendar
from office.core.figures import (
    Figure,
    Period,
    district_rows,
    month_label,
    monthly_counts,
    months,
    per_month,
    period_bounds,
    register_figure,
)
from office.directory.models import Representative, initiative_districts
from office.extensions import db
from office.requests.labels import TYPE_LABELS
from office.requests.models import HelpRequest, ServiceLevelBreach
from office.requests.rules import REQUEST_TYPES


def _request_rows(period: Period):
    start, end = period_bounds(period)
    return db.session.execute(
        sa.select(
            HelpRequest.submitted_at,
            HelpRequest.type,
            HelpRequest.status,
            HelpRequest.first_response_due_at,
            HelpRequest.first_response_at,
        ).where(
            HelpRequest.email_confirmed_at.is_not(None),
            HelpRequest.submitted_at >= start,
            HelpRequest.submitted_at < end,
        )
    ).all()


def requests_by_type(period: Period) -> list[tuple]:
    submitted = ((submitted_at, type_) for submitted_at, type_, *_rest in _request_rows(period))
    return monthly_counts(period, submitted, REQUEST_TYPES)


OUTCOME_GROUPS = ("open", "accepted", "declined", "referred", "done")


def _outcome_group(status: str) -> str:
    if status in ("accepted", "in_progress"):
        return "accepted"
    if status in ("declined", "referred", "done"):
        return status
    return "open"


def requests_by_outcome(period: Period) -> list[tuple]:
    outcomes = (
        (submitted_at, _outcome_group(status))
        for submitted_at, _type, status, *_rest in _request_rows(period)
    )
    return monthly_counts(period, outcomes, OUTCOME_GROUPS)


def response_times(period: Period) -> list[tuple]:
    """Per month: answered requests, answered on time, average working days to first response."""
    calendar = office_calendar()
    answered = per_month(
        (submitted_at, _response(calendar, submitted_at, due_at, first_response_at))
        for submitted_at, _t, _s, due_at, first_response_at in _request_rows(period)
        if first_response_at is not None
    )
    rows = []
    for m in months(period):
        entries = answered[m]
        on_time = sum(1 for _days, in_time in entries if in_time)
        rows.append((month_label(m), len(entries), on_time, _average([d for d, _o in entries])))
    return rows


def _response(calendar, submitted_at, due_at, first_response_at) -> tuple[int, bool]:
    """Working days from submission to the first response, and whether it came in time."""
    days = calendar.working_days_between(
        submitted_at.astimezone(calendar.tz).date(),
        first_response_at.astimezone(calendar.tz).date(),
    )
    return days, due_at is None or first_response_at <= due_at


def breaches_by_type(period: Period) -> list[tuple]:
    """Per month of the missed deadline: service-level breaches (any clock) per request type."""
    start, end = period_bounds(period)
    found = db.session.execute(
        sa.select(ServiceLevelBreach.due_at, HelpRequest.type)
        .join(HelpRequest)
        .where(ServiceLevelBreach.due_at >= start, ServiceLevelBreach.due_at < end)
    ).all()
    return monthly_counts(period, found, REQUEST_TYPES)


def ratings(period: Period) -> list[tuple]:
    """Per month of rating: how many requesters rated the answer, and the average of 1 to 5."""
    start, end = period_bounds(period)
    found = db.session.execute(
        sa.select(HelpRequest.rated_at, HelpRequest.rating).where(
            HelpRequest.rated_at >= start, HelpRequest.rated_at < end
        )
    ).all()
    stars = per_month(found)
    return [(month_label(m), len(stars[m]), _average(stars[m])) for m in months(period)]


def per_district(period: Period) -> list[tuple]:
    """Per district: confirmed requests submitted in the period by representatives of an
    initiative active there, how many were answered and how many on time; the requests of
    departments and residents without an initiative in a last row."""
    start, end = period_bounds(period)
    pairs = (
        sa.select(HelpRequest.id, initiative_districts.c.district_id.label("district"))
        .outerjoin(Representative, Representative.user_id == HelpRequest.requester_id)
        .outerjoin(
            initiative_districts,
            initiative_districts.c.initiative_id == Representative.initiative_id,
        )
        .where(
            HelpRequest.email_confirmed_at.is_not(None),
            HelpRequest.submitted_at >= start,
            HelpRequest.submitted_at < end,
        )
        .distinct()
        .subquery()
    )
    return district_rows(*_district_counts(pairs), none_label=_l("No district"))


def _district_counts(pairs) -> tuple[dict, dict, dict]:
    """Per district of `pairs` (request id, district): requests, answered, answered on time."""
    answered = HelpRequest.first_response_at.is_not(None)
    on_time = sa.and_(
        answered,
        sa.or_(
            HelpRequest.first_response_due_at.is_(None),
            HelpRequest.first_response_at <= HelpRequest.first_response_due_at,
        ),
    )
    rows = db.session.execute(
        sa.select(
            pairs.c.district,
            sa.func.count(),
            sa.func.sum(sa.case((answered, 1), else_=0)),
            sa.func.sum(sa.case((on_time, 1), else_=0)),
        )
        .join(HelpRequest, HelpRequest.id == pairs.c.id)
        .group_by(pairs.c.district)
    ).all()
    return tuple({row[0]: row[i] for row in rows} for i in (1, 2, 3))


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _type_columns():
    return (_l("Month"), *(TYPE_LABELS[t] for t in REQUEST_TYPES))


register_figure(
    Figure(
        key="requests-by-type",
        title=_l("Help requests per month by type"),
        columns=_type_columns(),
        rows=requests_by_type,
        chart="stacked",
        order=10,
        description=_l("Confirmed requests by the month they were submitted."),
    )
)
register_figure(
    Figure(
        key="requests-by-outcome",
        title=_l("Help requests per month by outcome"),
        columns=(
            _l("Month"),
            _l("Open"),
            _l("Accepted"),
            _l("Declined"),
            _l("Referred"),
            _l("Done"),
        ),
        rows=requests_by_outcome,
        chart="stacked",
        order=11,
        description=_l("Accepted includes requests in progress; open are those not yet decided."),
    )
)
register_figure(
    Figure(
        key="response-times",
        title=_l("Response times"),
        columns=(
            _l("Month"),
            _l("Answered"),
            _l("Answered on time"),
            _l("Average working days to first response"),
        ),
        rows=response_times,
        chart="line",
        order=12,
        description=_l("Working days from submission to the first response of the office."),
    )
)
register_figure(
    Figure(
        key="service-level-breaches",
        title=_l("Missed service levels per month by type"),
        columns=_type_columns(),
        rows=breaches_by_type,
        chart="stacked",
        order=13,
        description=_l(
            "Deadlines of the first response, the next response or the resolution that passed"
            " without an answer, by the month they were due."
        ),
    )
)
register_figure(
    Figure(
        key="request-ratings",
        title=_l("Requesters' ratings of the answers"),
        columns=(_l("Month"), _l("Ratings"), _l("Average rating (1 to 5)")),
        rows=ratings,
        chart="table",
        order=14,
        description=_l("Requesters may rate a closed request from one to five stars."),
    )
)
register_figure(
    Figure(
        key="requests-per-district",
        title=_l("Help requests per district"),
        columns=(_l("District"), _l("Requests"), _l("Answered"), _l("Answered on time")),
        rows=per_district,
        chart="bar",
        order=15,
        description=_l(
            "A request counts in every district of the initiative its requester represents; "
            "requests of departments and residents without an initiative have no district."
        ),
    )
)
