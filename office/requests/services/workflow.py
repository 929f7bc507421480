"""The workflow of a help request: who sees it, transitions, the message thread."""

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.clock import utcnow
from office.core.db import locked_row
from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.extensions import db
from office.requests import rules
from office.requests.labels import STATUS_LABELS
from office.requests.models import (
    HelpRequest,
    RequestEvent,
    RequestMessage,
)
from office.requests.services import clocks
from office.requests.services.intake import _notify_requester


def can_view(user, req: HelpRequest) -> bool:
    """Requester, office staff, and the board while the request is under review."""
    if not user.is_authenticated:
        return False
    if user.has_role("office_staff"):
        return True
    if req.requester_id == user.id:
        return True
    return req.status == "board_review" and user.has_role("board_member")


def can_write(user, req: HelpRequest) -> bool:
    """The message thread is between the requester and the office."""
    return user.is_authenticated and (user.has_role("office_staff") or req.requester_id == user.id)


def get_visible(user, request_id: int) -> HelpRequest:
    req = db.session.get(HelpRequest, request_id)
    if req is None or not can_view(user, req):
        raise NotFound()
    return req


def transition(
    actor,
    req: HelpRequest,
    target: str,
    *,
    assignee=None,
    reason: str = "",
    person=None,
    organisation=None,
    outcome: str = "",
    lessons: str = "",
    note: str = "",
    now: datetime | None = None,
) -> RequestEvent:
    """Move a request along the workflow; anything the workflow does not allow is refused.

    The request's row is locked first and its status read again, so two staff members (or two
    servers) cannot move it from the same status twice. A request under board review is
    accepted or declined by the board's decision only (`decide_by_board`); staff can take it
    back to triage.
    """
    now = now or utcnow()
    req = locked(req)
    _check_transition(req, target)
    given = {
        "assignee": assignee or req.assignee,
        "reason": (reason or "").strip(),
        "referral": person or organisation,
        "outcome": (outcome or "").strip(),
    }
    missing = rules.missing_for_transition(target, given)
    if missing:
        raise DomainError(MISSING_MESSAGES[missing[0]], field=missing[0])
    if assignee is not None:
        req.assignee = assignee
    if target == "referred":
        _refer(req, person, organisation)
    _note_outcome(req, target, given, lessons)
    event = _record(
        req,
        target,
        actor,
        getattr(actor, "name", "") or "",
        (note or reason or outcome or "").strip(),
        now,
    )
    _notify_requester(req, "requests/status_changed", note=event.note)
    return event


#: what a transition lacks, in the words the form shows
MISSING_MESSAGES = {
    "assignee": _l("Choose the staff member who handles the request."),
    "reason": _l("Give the reason for declining."),
    "referral": _l("Choose the department or contact the request is referred to."),
    "outcome": _l("Describe the outcome."),
}


def _check_transition(req: HelpRequest, target: str) -> None:
    """Refuse a move the workflow does not allow; the board's decision moves a reviewed one."""
    if req.status == "board_review" and target != "in_triage":
        raise DomainError(
            _l("The advisory board decides on this request; its decision moves it on."),
            field="target",
        )
    if not rules.transition_allowed(req.status, target, req.status_before_waiting):
        raise DomainError(
            _l(
                "A request that is “%(current)s” cannot become “%(target)s”.",
                current=STATUS_LABELS.get(req.status, req.status),
                target=STATUS_LABELS.get(target, target),
            ),
            field="target",
        )


def _refer(req: HelpRequest, person, organisation) -> None:
    """Refer to a contact (and their organisation) or to an organisation."""
    req.referred_person = person
    req.referred_organisation = organisation or (person.organisation if person else None)


def _note_outcome(req: HelpRequest, target: str, given: dict, lessons: str) -> None:
    """A declined request keeps its reason; a done one its outcome and lessons learned."""
    if target == "declined":
        req.decline_reason = given["reason"]
    if target == "done":
        req.outcome = given["outcome"]
        req.lessons_learned = (lessons or "").strip() or None


def locked(req: HelpRequest) -> HelpRequest:
    """The request's row, locked until commit, with what other transactions committed."""
    return locked_row(HelpRequest, req.id)


def _record(req: HelpRequest, target: str, actor, actor_name: str, note: str, now) -> RequestEvent:
    old = req.status
    req.status = target
    _move_clocks(req, old, now)
    event = RequestEvent(
        at=now,
        actor_id=getattr(actor, "id", None),
        actor_name=actor_name,
        from_status=old,
        to_status=target,
        note=note,
    )
    req.events.append(event)
    record(
        "requests.status_changed",
        req,
        actor,
        now=now,
        role="" if actor else "board",
        from_status=old,
        status=target,
    )
    db.session.flush()
    return event


def _move_clocks(req: HelpRequest, old: str, now: datetime) -> None:
    """Waiting stops the clocks, leaving a wait restarts them, closing ends them; any step
    taken by the office answers the requester."""
    if req.status in rules.WAITING_STATUSES:
        if old not in rules.WAITING_STATUSES:
            req.status_before_waiting = old
        clocks.pause(req, now)
    elif old in rules.WAITING_STATUSES:
        req.status_before_waiting = None
        clocks.resume(req, now)
    if req.status in rules.CLOSED_STATUSES:
        req.closed_at = now
        clocks.closed(req, now)
    else:
        clocks.answered(req, now)


def decide_by_board(req: HelpRequest, adopted: bool, rationale: str, now: datetime, **mail):
    """The advisory board's decision moves a request under its review on: adopted ->
    accepted, rejected -> declined. The requester gets one mail: the decision with its
    rationale (`mail`: `decision`, `outcome_label`) and the link to the request."""
    req = locked(req)
    if req.status != "board_review":
        raise DomainError(_l("This request is no longer under review by the advisory board."))
    target = "accepted" if adopted else "declined"
    if target == "declined":
        req.decline_reason = rationale
    event = _record(req, target, None, str(_l("Advisory board")), rationale, now)
    _notify_requester(
        req,
        "requests/board_decision",
        subject=_l("Decision of the advisory board on %(ref)s", ref=req.reference),
        **mail,
    )
    return event


def reopen(req: HelpRequest, now: datetime, days: int) -> RequestEvent:
    """The requester says it is not solved: a request done less than `days` days ago opens
    again, with a new resolution deadline and a next response due."""
    if not rules.may_reopen(req.status, req.closed_at, now, days):
        raise DomainError(
            _l("This request can no longer be reopened; please submit a new request.")
        )
    event = RequestEvent(
        at=now,
        actor_name=req.requester_name,
        from_status=req.status,
        to_status="in_progress",
        note=str(_l("Reopened by the requester")),
    )
    req.status, req.closed_at = "in_progress", None
    req.events.append(event)
    record("requests.reopened", req, None, now=now, role="requester")
    clocks.reopened(req, now)
    db.session.flush()
    return event


def reopen_by_requester(req: HelpRequest, reason: str, now: datetime | None = None):
    """The requester reopens their done request and says what is not solved."""
    now = now or utcnow()
    if not (reason or "").strip():
        raise DomainError(_l("Please write what is not solved."), field="reason")
    req = locked(req)
    reopen(req, now, current_app.config["REQUEST_REOPEN_DAYS"])
    return post_message(req, reason, now=now)


def _check_rating(req: HelpRequest, stars: int) -> None:
    """A closed request only, and one to five stars."""
    if req.status not in rules.CLOSED_STATUSES:
        raise DomainError(_l("A request can be rated once it is closed."))
    if stars not in range(1, 6):
        raise DomainError(_l("Choose one to five stars."), field="rating")


def rate(req: HelpRequest, stars: int, comment: str, now: datetime) -> None:
    """The requester rates the office's answer to a closed request: 1 to 5 stars, a comment."""
    _check_rating(req, stars)
    req.rating, req.rating_comment, req.rated_at = stars, (comment or "").strip() or None, now
    db.session.flush()


def post_message(req: HelpRequest, body: str, author=None, now: datetime | None = None):
    """Add a message to the thread; staff messages go to the requester, others to the assignee."""
    now = now or utcnow()
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Please write a message."), field="body")
    if req.status in rules.CLOSED_STATUSES:
        raise DomainError(_l("This request is closed; messages are no longer possible."))
    from_staff = bool(
        author is not None and author.is_authenticated and author.has_role("office_staff")
    )
    message = RequestMessage(
        request=req,
        created_at=now,
        author_id=getattr(author, "id", None)
        if author is not None and author.is_authenticated
        else None,
        author_name=author.name
        if author is not None and author.is_authenticated
        else req.requester_name,
        from_staff=from_staff,
        body=body,
    )
    db.session.add(message)
    if from_staff:
        clocks.answered(req, now)
        _notify_requester(req, "requests/new_message", message=message)
    else:
        _requester_wrote(req, now)
    if not from_staff and req.assignee is not None:
        queue_mail(
            req.assignee.email,
            _l("New message on request %(ref)s", ref=req.reference),
            "requests/staff_message",
            locale=req.assignee.locale,
            req=req,
            message=message,
            link=absolute_url("requests.show", request_id=req.id),
        )
    db.session.flush()
    return message


def _requester_wrote(req: HelpRequest, now: datetime) -> None:
    """The requester's message ends a wait for them and asks for the next response."""
    if req.status == "waiting_requester":
        back = req.status_before_waiting or "in_progress"
        req.events.append(
            RequestEvent(
                at=now, actor_name=req.requester_name, from_status=req.status, to_status=back
            )
        )
        req.status, req.status_before_waiting = back, None
        clocks.resume(req, now)
    clocks.requester_wrote(req, now)
