"""Meetings, attendance, agenda items, and forwarding a help request to the board."""

from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.extensions import db
from office.governance import rules
from office.governance.documents import minutes_draft
from office.governance.models import (
    AgendaItem,
    Attendance,
    BoardMeeting,
    BoardMember,
)
from office.governance.services.common import REFUSALS, local_day
from office.governance.services.members import in_office_ids
from office.requests import interface as requests
from office.requests.models import HelpRequest
from office.venues import interface as venues


def _venue(venue_id: int | None):
    """The chosen venue; it must be published in the directory of venues."""
    venue = venues.published_venue(venue_id)
    if venue_id is not None and venue is None:
        raise DomainError(_l("Please choose a venue from the list."), field="venue_id")
    return venue


def create_meeting(
    actor, *, title, starts_at, ends_at, location="", online_url="", public=True, venue_id=None
) -> BoardMeeting:
    if ends_at <= starts_at:
        raise DomainError(_l("The meeting must end after it starts."), field="ends_at")
    meeting = BoardMeeting(
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url.strip(),
        public=public,
        venue=_venue(venue_id),
    )
    db.session.add(meeting)
    db.session.flush()
    record("governance.meeting.created", meeting, actor)
    return meeting


def update_meeting(
    actor,
    meeting: BoardMeeting,
    *,
    title,
    starts_at,
    ends_at,
    location="",
    online_url="",
    public=True,
    venue_id=None,
) -> None:
    if ends_at <= starts_at:
        raise DomainError(_l("The meeting must end after it starts."), field="ends_at")
    meeting.venue = _venue(venue_id)
    meeting.title, meeting.starts_at, meeting.ends_at = title.strip(), starts_at, ends_at
    meeting.location, meeting.online_url, meeting.public = (
        location.strip(),
        online_url.strip(),
        public,
    )
    record("governance.meeting.changed", meeting, actor)
    db.session.flush()


def invite_members(actor, meeting: BoardMeeting, now=None) -> int:
    """Mail the invitation with the agenda to every member in office on the meeting's day (again
    after a change of the agenda); possible until the meeting begins. Returns the mails queued."""
    now = now or utcnow()
    if not rules.not_begun(meeting.starts_at, now):
        raise DomainError(_l("The meeting has begun; invitations go out before it."))
    if not meeting.items:
        raise DomainError(_l("Put at least one item on the agenda before inviting."))
    in_office = sorted(in_office_ids(local_day(meeting.starts_at)))
    members = [db.session.get(BoardMember, i) for i in in_office]
    for member in (m for m in members if m.email):
        queue_mail(
            member.email,
            _l("Invitation: %(title)s", title=meeting.title),
            "governance/meeting_invitation",
            locale=member.user and member.user.locale,
            meeting=meeting,
            member=member,
            link=absolute_url("governance.meeting", meeting_id=meeting.id),
        )
    meeting.invited_at = now
    sent = sum(1 for m in members if m.email)
    record("governance.meeting.invited", meeting, actor, now=now, count=sent)
    db.session.flush()
    return sent


def _check_minutes_open(meeting: BoardMeeting, now) -> None:
    if rules.not_begun(meeting.starts_at, now):
        raise DomainError(REFUSALS["not_begun"])
    if meeting.minutes_approved_at is not None:
        raise DomainError(_l("The minutes are approved; they can no longer be changed."))


def save_minutes(actor, meeting: BoardMeeting, minutes: str, now=None) -> None:
    """Edit the minutes; possible from the meeting's start until they are approved."""
    _check_minutes_open(meeting, now or utcnow())
    meeting.minutes = minutes
    record("governance.meeting.minutes", meeting, actor, now=now)
    db.session.flush()


def draft_minutes(actor, meeting: BoardMeeting, now=None) -> None:
    """Write the minutes from the attendance and the items' decisions (replacing the draft)."""
    save_minutes(actor, meeting, minutes_draft(meeting), now)


def approve_minutes(actor, meeting: BoardMeeting, now=None) -> None:
    """The board approves the minutes: from now on they are fixed."""
    now = now or utcnow()
    _check_minutes_open(meeting, now)
    if not meeting.minutes.strip():
        raise DomainError(_l("There are no minutes to approve yet."))
    meeting.minutes_approved_at = now
    record("governance.meeting.minutes_approved", meeting, actor, now=now)
    db.session.flush()


def set_attendance(actor, meeting: BoardMeeting, member_ids, now=None) -> None:
    """Who is present; recorded from the meeting's start on."""
    if rules.not_begun(meeting.starts_at, now or utcnow()):
        raise DomainError(REFUSALS["not_begun"])
    allowed = in_office_ids(local_day(meeting.starts_at))
    wanted = {int(m) for m in member_ids} & allowed
    meeting.attendance = [a for a in meeting.attendance if a.member_id in wanted]
    have = {a.member_id for a in meeting.attendance}
    for member_id in sorted(wanted - have):
        meeting.attendance.append(Attendance(member_id=member_id))
    record("governance.meeting.attendance", meeting, actor, count=len(wanted))
    db.session.flush()


def add_item(
    actor,
    *,
    title,
    description="",
    public=True,
    meeting=None,
    request=None,
    procedure="meeting",
    deadline=None,
    now=None,
) -> AgendaItem:
    """A matter for the board: in a meeting, or by written procedure with a deadline."""
    now = now or utcnow()
    if procedure == "written":
        if deadline is None or deadline <= now:
            raise DomainError(
                _l("A written procedure needs a deadline in the future."), field="deadline"
            )
        meeting = None
    elif meeting is None:
        raise DomainError(_l("Choose the meeting that deals with this item."), field="meeting")
    position = len(meeting.items) + 1 if meeting is not None else 0
    item = AgendaItem(
        title=title.strip(),
        description=description.strip(),
        public=public,
        meeting=meeting,
        request=request,
        procedure=procedure,
        deadline=deadline if procedure == "written" else None,
        position=position,
    )
    db.session.add(item)
    db.session.flush()
    record("governance.item.added", item, actor, now=now, procedure=procedure)
    return item


def forward_request(
    actor,
    req: HelpRequest,
    *,
    procedure,
    meeting=None,
    deadline=None,
    public=True,
    note="",
    now=None,
) -> AgendaItem:
    """Staff forward a request to the board: it goes under review and becomes an item."""
    now = now or utcnow()
    requests.put_before_board(actor, req, note, now)
    item = add_item(
        actor,
        title=req.title,
        description=req.description,
        public=public,
        meeting=meeting,
        request=req,
        procedure=procedure,
        deadline=deadline,
        now=now,
    )
    if procedure == "written":
        for member_id in in_office_ids(local_day(now)):
            member = db.session.get(BoardMember, member_id)
            if member.email:
                queue_mail(
                    member.email,
                    _l("Written procedure: %(title)s", title=item.title),
                    "governance/written_procedure",
                    locale=member.user and member.user.locale,
                    item=item,
                    member=member,
                    link=absolute_url("governance.item", item_id=item.id),
                )
    return item
