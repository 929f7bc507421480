"""The advisory board's figures for the evaluation reports (office/core/figures.py)."""

from collections import Counter

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from office.core.figures import Figure, Period, period_bounds, register_figure
from office.core.formatting import formatted
from office.extensions import db
from office.governance.models import BoardMeeting, Decision
from office.governance.services.common import local_day
from office.governance.services.members import in_office_ids


def board_decisions(period: Period) -> list[tuple]:
    counts = Counter(
        db.session.scalars(
            sa.select(Decision.outcome).where(
                Decision.decided_on >= period.start, Decision.decided_on < period.end
            )
        )
    )
    return [(str(_l("Adopted")), counts["adopted"]), (str(_l("Rejected")), counts["rejected"])]


def board_attendance(period: Period) -> list[tuple]:
    start, end = period_bounds(period)
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
            (f"{formatted('date', meeting.starts_at, 'medium')} {meeting.title}", members, present)
        )
    return rows


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
