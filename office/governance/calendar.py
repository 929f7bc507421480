"""Public board meetings in the public event calendar."""

import sqlalchemy as sa
from flask_babel import gettext as _

from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.extensions import db
from office.governance.models import BoardMeeting


@calendar_source("board")
def board_meetings(start, end, filters):
    """Public meetings of the advisory board in [start, end)."""
    stmt = sa.select(BoardMeeting).where(
        BoardMeeting.public.is_(True), BoardMeeting.starts_at < end, BoardMeeting.ends_at > start
    )
    for meeting in db.session.scalars(stmt.order_by(BoardMeeting.starts_at)):
        yield CalendarEntry(
            uid=f"board-meeting-{meeting.id}@office",
            title=meeting.title,
            start=meeting.starts_at,
            end=meeting.ends_at,
            url=absolute_url("governance.meeting", meeting_id=meeting.id),
            kind="board",
            location=meeting.location or meeting.online_url,
            description=_("Public meeting of the advisory board"),
            organiser=_("Advisory board"),
        )
