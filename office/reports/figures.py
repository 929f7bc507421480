"""The figures this package knows from its own data: help requests and the board.

Other modules register theirs in the same way (see office/reports/registry.py).
"""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import format_date, lazy_pgettext
from flask_babel import lazy_gettext as _l

from office.core.clock import office_tz
from office.extensions import db
from office.reports.registry import Figure, Period, register_figure


def _bounds(period: Period) -> tuple[datetime, datetime]:
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
    return format_date(day, "MMM yyyy")


def _request_rows(period: Period):
    from office.requests.models import HelpRequest

    start, end = _bounds(period)
    return db.session.execute(
        sa.select(
            HelpRequest.submitted_at,
            HelpRequest.type,
            HelpRequest.status,
            HelpRequest.due_on,
            HelpRequest.first_response_at,
        ).where(
            HelpRequest.email_confirmed_at.is_not(None),
            HelpRequest.submitted_at >= start,
            HelpRequest.submitted_at < end,
        )
    ).all()


def _month_of(moment: datetime) -> date:
    return moment.astimezone(office_tz()).date().replace(day=1)


def requests_by_type(period: Period) -> list[tuple]:
    from office.requests.rules import REQUEST_TYPES

    counts: dict[date, Counter] = defaultdict(Counter)
    for submitted_at, type_, *_rest in _request_rows(period):
        counts[_month_of(submitted_at)][type_] += 1
    return [(month_label(m), *(counts[m][t] for t in REQUEST_TYPES)) for m in months(period)]


OUTCOME_GROUPS = ("open", "accepted", "declined", "referred", "done")


def _outcome_group(status: str) -> str:
    if status in ("accepted", "in_progress"):
        return "accepted"
    if status in ("declined", "referred", "done"):
        return status
    return "open"


def requests_by_outcome(period: Period) -> list[tuple]:
    counts: dict[date, Counter] = defaultdict(Counter)
    for submitted_at, _type, status, *_rest in _request_rows(period):
        counts[_month_of(submitted_at)][_outcome_group(status)] += 1
    return [(month_label(m), *(counts[m][g] for g in OUTCOME_GROUPS)) for m in months(period)]


def response_times(period: Period) -> list[tuple]:
    """Per month: answered requests, answered on time, average working days to first response."""
    from office.requests.rules import working_days_between
    from office.requests.services import holidays

    hol = holidays()
    per_month: dict[date, list] = defaultdict(list)
    for submitted_at, _t, _s, due_on, first_response_at in _request_rows(period):
        if first_response_at is None:
            continue
        tz = office_tz()
        days = working_days_between(
            submitted_at.astimezone(tz).date(), first_response_at.astimezone(tz).date(), hol
        )
        on_time = due_on is None or first_response_at.astimezone(tz).date() <= due_on
        per_month[_month_of(submitted_at)].append((days, on_time))
    rows = []
    for m in months(period):
        entries = per_month[m]
        average = round(sum(d for d, _o in entries) / len(entries), 1) if entries else None
        rows.append((month_label(m), len(entries), sum(1 for _d, o in entries if o), average))
    return rows


def board_decisions(period: Period) -> list[tuple]:
    from office.governance.models import Decision

    counts = Counter(
        db.session.scalars(
            sa.select(Decision.outcome).where(
                Decision.decided_on >= period.start, Decision.decided_on < period.end
            )
        )
    )
    return [(str(_l("Adopted")), counts["adopted"]), (str(_l("Rejected")), counts["rejected"])]


def board_attendance(period: Period) -> list[tuple]:
    from office.governance.models import BoardMeeting
    from office.governance.services import in_office_ids, local_day

    start, end = _bounds(period)
    rows = []
    meetings = db.session.scalars(
        sa.select(BoardMeeting)
        .where(BoardMeeting.starts_at >= start, BoardMeeting.starts_at < end)
        .order_by(BoardMeeting.starts_at)
    )
    for meeting in meetings:
        if not meeting.attendance:
            continue
        members = len(in_office_ids(local_day(meeting.starts_at)))
        present = len(meeting.attendance)
        rows.append(
            (f"{format_date(meeting.starts_at, 'medium')} {meeting.title}", members, present)
        )
    return rows


def _type_columns():
    from office.requests.rules import REQUEST_TYPES
    from office.requests.services import TYPE_LABELS

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
        key="board-decisions",
        title=_l("Decisions of the advisory board"),
        columns=(_l("Outcome"), _l("Decisions")),
        rows=board_decisions,
        chart="bar",
        order=60,
    )
)
register_figure(
    Figure(
        key="board-attendance",
        title=_l("Attendance at board meetings"),
        columns=(lazy_pgettext("board", "Meeting"), _l("Members in office"), _l("Present")),
        rows=board_attendance,
        chart="table",
        order=61,
    )
)
