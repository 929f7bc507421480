"""Operations on help requests. They never commit; the caller does.

The public entry point for other modules is `submit_request` (see docs/governance.md).
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from office.core.clock import office_tz, utcnow
from office.core.errors import DomainError, NotFound
from office.core.outbox import queue_mail
from office.extensions import db
from office.requests import rules, uploads
from office.requests.models import (
    HelpRequest,
    Holiday,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
)

CONFIRM_DAYS = 7


@dataclass(frozen=True)
class Contact:
    """A requester without an account (the public): confirmed by an emailed link."""

    name: str
    email: str
    organisation: str = ""
    phone: str = ""
    locale: str = "de"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


STATUS_LABELS = {
    "submitted": _l("Submitted"),
    "in_triage": _l("In triage"),
    "board_review": _l("Under board review"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "referred": _l("Referred"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
}

TYPE_LABELS = {
    "process_help": _l("Help with a participation process"),
    "initiative_support": _l("Support for an initiative"),
    "tailor_made_course": _l("Tailor-made course"),
    "new_process": _l("Proposal of a new process"),
    "other": _l("Other request"),
}


def response_days() -> int:
    """Working days within which the first response is due (REQUEST_RESPONSE_DAYS, default 5)."""
    return int(current_app.config.get("REQUEST_RESPONSE_DAYS", 5))


def holidays() -> frozenset:
    return frozenset(db.session.scalars(sa.select(Holiday.day)))


def local_date(moment: datetime):
    return moment.astimezone(office_tz()).date()


def _requester_role(user) -> str:
    for role in ("office_staff", "department_staff", "initiative_rep"):
        if role in user.role_names:
            return role
    return "admin" if "admin" in user.role_names else "public"


def may_submit_type(user_or_contact, type_: str) -> bool:
    """Departments ask for process help, initiatives and the public for support and the rest."""
    if getattr(user_or_contact, "is_authenticated", False):
        role = _requester_role(user_or_contact)
        if role == "admin":
            return True
    else:
        role = "public"
    return role in rules.TYPE_AUDIENCE.get(type_, frozenset())


def submit_request(
    requester,
    type: str,  # noqa: A002 - the request type, as the issue calls it
    *,
    title: str,
    description: str = "",
    details: dict | None = None,
    attachments: list[Upload] | tuple = (),
    source: str | None = None,
    now: datetime | None = None,
) -> HelpRequest:
    """Create a help request for a logged-in `User` or a public `Contact`.

    Logged-in requesters are confirmed at once; a `Contact` gets an email with a confirmation
    link and the request reaches the staff queue once the link is followed. Other modules
    (courses: "tailor_made_course", processes: "new_process") call this with `source` set.
    Unknown detail keys are ignored; the request and its first event are flushed, not committed.
    """
    now = now or utcnow()
    if type not in rules.REQUEST_TYPES:
        raise DomainError(_l("Unknown type of request."), field="type")
    if not source and not may_submit_type(requester, type):
        raise DomainError(_l("This type of request is not available to you."), field="type")
    if not (title or "").strip():
        raise DomainError(_l("Please give your request a title."), field="title")
    if len(attachments) > uploads.MAX_ATTACHMENTS:
        raise DomainError(
            _l("At most %(n)s files can be attached.", n=uploads.MAX_ATTACHMENTS),
            field="attachments",
        )
    wanted = rules.REQUEST_TYPES[type]
    clean = {k: v for k, v in (details or {}).items() if k in wanted and v not in (None, "")}
    is_user = getattr(requester, "is_authenticated", False)
    org = ""
    if is_user and requester.organisation is not None:
        org = requester.organisation.name
    req = HelpRequest(
        type=type,
        status="submitted",
        title=title.strip()[:200],
        description=(description or "").strip(),
        details={k: str(v) for k, v in clean.items()},
        source=source,
        requester_id=requester.id if is_user else None,
        requester_name=requester.name,
        requester_email=requester.email.strip().lower(),
        requester_organisation=org if is_user else requester.organisation,
        requester_phone="" if is_user else requester.phone,
        locale=(requester.locale if is_user else requester.locale) or "de",
        submitted_at=now,
    )
    db.session.add(req)
    for upload in attachments:
        stored, content_type, name = uploads.check_and_store(upload.data, upload.filename)
        req.attachments.append(
            RequestAttachment(
                filename=name, stored_name=stored, content_type=content_type, size=len(upload.data)
            )
        )
    req.events.append(
        RequestEvent(
            at=now,
            actor_id=requester.id if is_user else None,
            actor_name=requester.name,
            to_status="submitted",
        )
    )
    db.session.flush()
    if is_user:
        _confirm(req, now)
        _notify_requester(req, "requests/submitted")
    else:
        queue_mail(
            req.requester_email,
            _l("Please confirm your request"),
            "requests/confirm",
            locale=req.locale,
            req=req,
            link=url_for("requests.confirm", token=confirm_token(req), _external=True),
            days=CONFIRM_DAYS,
        )
    return req


def _confirm(req: HelpRequest, now: datetime) -> None:
    req.email_confirmed_at = now
    req.due_on = rules.add_working_days(local_date(now), response_days(), holidays())


def confirm_token(req: HelpRequest) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="request-confirm").dumps(
        req.id
    )


def access_token(req: HelpRequest) -> str:
    """The requester's private link to their request (for requesters without an account)."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="request-access").dumps(
        [req.id, req.requester_email]
    )


def request_from_access_token(token: str) -> HelpRequest:
    try:
        req_id, email = URLSafeSerializer(
            current_app.config["SECRET_KEY"], salt="request-access"
        ).loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise NotFound() from exc
    req = db.session.get(HelpRequest, req_id)
    if req is None or req.requester_email != email or req.email_confirmed_at is None:
        raise NotFound()
    return req


def confirm_email(token: str, now: datetime | None = None) -> HelpRequest:
    """Follow the emailed link: the request enters the queue with its due date."""
    now = now or utcnow()
    try:
        req_id = URLSafeTimedSerializer(
            current_app.config["SECRET_KEY"], salt="request-confirm"
        ).loads(token, max_age=CONFIRM_DAYS * 86400)
    except BadSignature as exc:
        raise DomainError(
            _l("This link is invalid or has expired. Please submit your request again.")
        ) from exc
    req = db.session.get(HelpRequest, req_id)
    if req is None:
        raise NotFound()
    if req.email_confirmed_at is None:
        _confirm(req, now)
        _notify_requester(req, "requests/submitted")
    return req


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


def _notify_requester(req: HelpRequest, template: str, **context) -> None:
    link = (
        url_for("requests.show", request_id=req.id, _external=True)
        if req.requester_id
        else url_for("requests.private", token=access_token(req), _external=True)
    )
    queue_mail(
        req.requester_email,
        _l("Your request %(ref)s: %(status)s", ref=req.reference, status=STATUS_LABELS[req.status]),
        template,
        locale=req.locale,
        req=req,
        link=link,
        status_label=STATUS_LABELS[req.status],
        **context,
    )


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
    actor_name: str | None = None,
    by_board: bool = False,
    now: datetime | None = None,
) -> RequestEvent:
    """Move a request along the workflow; anything the workflow does not allow is refused.

    A request under board review is accepted or declined by the board's decision only
    (`by_board=True`); staff can take it back to triage.
    """
    now = now or utcnow()
    if req.status == "board_review" and target != "in_triage" and not by_board:
        raise DomainError(
            _l("The advisory board decides on this request; its decision moves it on."),
            field="target",
        )
    if not rules.transition_allowed(req.status, target):
        raise DomainError(
            _l(
                "A request that is “%(current)s” cannot become “%(target)s”.",
                current=STATUS_LABELS.get(req.status, req.status),
                target=STATUS_LABELS.get(target, target),
            ),
            field="target",
        )
    given = {
        "assignee": assignee or req.assignee,
        "reason": (reason or "").strip(),
        "referral": person or organisation,
        "outcome": (outcome or "").strip(),
    }
    missing = rules.missing_for_transition(target, given)
    messages = {
        "assignee": _l("Choose the staff member who handles the request."),
        "reason": _l("Give the reason for declining."),
        "referral": _l("Choose the department or contact the request is referred to."),
        "outcome": _l("Describe the outcome."),
    }
    if missing:
        raise DomainError(messages[missing[0]], field=missing[0])
    old = req.status
    if assignee is not None:
        req.assignee = assignee
    if target == "declined":
        req.decline_reason = given["reason"]
    if target == "referred":
        req.referred_person = person
        req.referred_organisation = organisation or (person.organisation if person else None)
    if target == "done":
        req.outcome = given["outcome"]
        req.lessons_learned = (lessons or "").strip() or None
    req.status = target
    if target in rules.CLOSED_STATUSES:
        req.closed_at = now
    # any step taken by the office answers the requester
    req.first_response_at = req.first_response_at or now
    event = RequestEvent(
        at=now,
        actor_id=getattr(actor, "id", None),
        actor_name=actor_name or getattr(actor, "name", "") or "",
        from_status=old,
        to_status=target,
        note=(note or reason or outcome or "").strip(),
    )
    req.events.append(event)
    db.session.flush()
    _notify_requester(req, "requests/status_changed", note=event.note)
    return event


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
        req.first_response_at = req.first_response_at or now
        _notify_requester(req, "requests/new_message", message=message)
    elif req.assignee is not None:
        queue_mail(
            req.assignee.email,
            _l("New message on request %(ref)s", ref=req.reference),
            "requests/staff_message",
            locale=req.assignee.locale,
            req=req,
            message=message,
            link=url_for("requests.show", request_id=req.id, _external=True),
        )
    db.session.flush()
    return message


def queue_statement(status=None, type_=None, assignee_id=None, due=None, q="", today=None):
    """The staff queue: confirmed requests, filtered; the oldest due date first."""
    stmt = sa.select(HelpRequest).where(HelpRequest.email_confirmed_at.is_not(None))
    if status == "open" or not status:
        stmt = stmt.where(HelpRequest.status.in_(rules.OPEN_STATUSES))
    elif status != "all":
        stmt = stmt.where(HelpRequest.status == status)
    if type_:
        stmt = stmt.where(HelpRequest.type == type_)
    if assignee_id == "none":
        stmt = stmt.where(HelpRequest.assignee_id.is_(None))
    elif assignee_id:
        stmt = stmt.where(HelpRequest.assignee_id == int(assignee_id))
    if due and today is not None:
        unanswered = HelpRequest.first_response_at.is_(None)
        if due == "overdue":
            stmt = stmt.where(unanswered, HelpRequest.due_on < today)
        elif due == "due_soon":
            soon = rules.add_working_days(today, 2, holidays())
            stmt = stmt.where(unanswered, HelpRequest.due_on >= today, HelpRequest.due_on <= soon)
    if q:
        like = f"%{q.lower()}%"
        conditions = [
            sa.func.lower(HelpRequest.title).like(like),
            sa.func.lower(HelpRequest.requester_name).like(like),
            HelpRequest.requester_email.like(like),
            sa.func.lower(HelpRequest.requester_organisation).like(like),
        ]
        digits = q.upper().removeprefix("A-").lstrip("0")
        if digits.isdigit():
            conditions.append(HelpRequest.id == int(digits))
        stmt = stmt.where(sa.or_(*conditions))
    return stmt.order_by(HelpRequest.due_on.asc().nulls_last(), HelpRequest.id)


def due_state(req: HelpRequest, today, hol=None):
    answered = req.first_response_at is not None or req.status in rules.CLOSED_STATUSES
    return rules.due_state(req.due_on, today, answered, holidays=hol or frozenset())


def remind(now: datetime | None = None) -> int:
    """Email assignees about requests due soon or overdue; each reminder kind is sent once."""
    now = now or utcnow()
    today = local_date(now)
    hol = holidays()
    sent = 0
    stmt = sa.select(HelpRequest).where(
        HelpRequest.status.in_(rules.OPEN_STATUSES),
        HelpRequest.first_response_at.is_(None),
        HelpRequest.assignee_id.is_not(None),
        HelpRequest.due_on.is_not(None),
    )
    for req in db.session.scalars(stmt):
        kind = rules.reminder_kind(due_state(req, today, hol))
        if kind is None or req.reminded == kind:
            continue
        queue_mail(
            req.assignee.email,
            _l("Request %(ref)s is overdue", ref=req.reference)
            if kind == "overdue"
            else _l("Request %(ref)s is due soon", ref=req.reference),
            "requests/reminder",
            locale=req.assignee.locale,
            req=req,
            kind=kind,
            link=url_for("requests.show", request_id=req.id, _external=True),
        )
        req.reminded = kind
        sent += 1
    db.session.flush()
    return sent


def add_holiday(day, name: str) -> Holiday:
    if db.session.scalar(sa.select(Holiday).where(Holiday.day == day)):
        raise DomainError(_l("This day is already a holiday."), field="day")
    holiday = Holiday(day=day, name=name.strip())
    db.session.add(holiday)
    db.session.flush()
    return holiday
