"""Public board meetings in the public event calendar, and as a schema.org Event."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from office.core import jsonld
from office.core.links import absolute_url
from office.core.registry import CalendarEntry, calendar_source
from office.extensions import db
from office.governance.models import BoardMeeting
from office.venues import interface as venues


@calendar_source("board")
def board_meetings(start, end, filters):
    """Public meetings of the advisory board in [start, end)."""
    stmt = sa.select(BoardMeeting).where(
        BoardMeeting.public.is_(True), BoardMeeting.starts_at < end, BoardMeeting.ends_at > start
    )
    stmt = stmt.options(selectinload(BoardMeeting.venue)).order_by(BoardMeeting.starts_at)
    for meeting in db.session.scalars(stmt):
        yield CalendarEntry(
            uid=f"board-meeting-{meeting.id}@office",
            title=meeting.title,
            start=meeting.starts_at,
            end=meeting.ends_at,
            url=absolute_url("governance.meeting", meeting_id=meeting.id),
            kind="board",
            location=venues.place_line(meeting.venue, meeting.location, meeting.online_url),
            description=_("Public meeting of the advisory board"),
            organiser=_("Advisory board"),
            access=venues.access_of(meeting.venue),
        )


def _place(meeting: BoardMeeting) -> jsonld.Place | None:
    if meeting.venue is not None:
        return venues.place_of(meeting.venue)
    if meeting.location:
        return jsonld.Place(name=meeting.location, address=jsonld.Address(meeting.location))
    return None


def meeting_json_ld(meeting: BoardMeeting) -> dict | None:
    """A public meeting as a schema.org Event (its venue as the Place); None without a place."""
    place = _place(meeting)
    # the link field takes any text; only a web address is a VirtualLocation
    online = meeting.online_url if meeting.online_url.startswith(("https://", "http://")) else ""
    if not meeting.public or (place is None and not online):
        return None
    data = jsonld.EventData(
        name=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        url=absolute_url("governance.meeting", meeting_id=meeting.id),
        organiser=str(_("Advisory board")),
        organiser_url=absolute_url("governance.index"),
        description=str(_("Public meeting of the advisory board")),
        place=place,
        online_url=online,
    )
    return jsonld.event(data)
