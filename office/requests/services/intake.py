"""Intake of help requests: types, submission, email confirmation, private links, mail."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from office.core.audit import record
from office.core.clock import utcnow
from office.core.errors import DomainError, NotFound
from office.core.i18n import recipient_locale
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.core.tokens import TokenExpired, TokenInvalid, sign, unsign
from office.extensions import db
from office.requests import rules
from office.requests.labels import STATUS_LABELS
from office.requests.models import (
    HelpRequest,
    RequestEvent,
)
from office.requests.services import clocks, reply_address, uploads

CONFIRM_DAYS = 7
CONFIRM_PURPOSE = "request-confirm"
CONFIRM_LINK_REFUSED = _l("This link is invalid or has expired. Please submit your request again.")


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
    _check_submission(requester, type, title, attachments, source)
    req = HelpRequest(
        type=type,
        status="submitted",
        title=title.strip()[:200],
        description=(description or "").strip(),
        details=_known_details(type, details),
        source=source,
        locale=recipient_locale(requester.locale),
        submitted_at=now,
        **_requester_fields(requester),
    )
    db.session.add(req)
    _attach(req, attachments)
    _record_submission(req, requester, now)
    db.session.flush()
    _confirm_or_ask(req, now)
    return req


def _known_details(type_: str, details: dict | None) -> dict:
    """The details the request type asks for, as text; unknown keys and empty values are left out."""
    wanted = rules.REQUEST_TYPES[type_]
    return {k: str(v) for k, v in (details or {}).items() if k in wanted and v not in (None, "")}


def _record_submission(req: HelpRequest, requester, now: datetime) -> None:
    """The request's first event and the audit entry."""
    req.events.append(
        RequestEvent(
            at=now, actor_id=req.requester_id, actor_name=requester.name, to_status="submitted"
        )
    )
    user = requester if req.requester_id is not None else None
    role = "" if user else "requester"
    record("requests.submitted", req, user, now=now, type=req.type, role=role)


def _confirm_or_ask(req: HelpRequest, now: datetime) -> None:
    """A logged-in requester is confirmed at once; a contact is asked to follow a link."""
    if req.requester_id is not None:
        _confirm(req, now)
    else:
        _ask_to_confirm(req)


def _check_submission(requester, type_: str, title: str, attachments, source) -> None:
    """Refuse an unknown or unavailable type, an empty title, too many files."""
    if type_ not in rules.REQUEST_TYPES:
        raise DomainError(_l("Unknown type of request."), field="type")
    if not source and not may_submit_type(requester, type_):
        raise DomainError(_l("This type of request is not available to you."), field="type")
    if not (title or "").strip():
        raise DomainError(_l("Please give your request a title."), field="title")
    if len(attachments) > uploads.MAX_ATTACHMENTS:
        raise DomainError(
            _l("At most %(n)s files can be attached.", n=uploads.MAX_ATTACHMENTS),
            field="attachments",
        )


def _requester_fields(requester) -> dict:
    """Who asks: an account (with its organisation's name) or a public contact."""
    who = {"requester_name": requester.name, "requester_email": requester.email.strip().lower()}
    if not getattr(requester, "is_authenticated", False):
        return {
            **who,
            "requester_id": None,
            "requester_organisation": requester.organisation,
            "requester_phone": requester.phone,
        }
    org = requester.organisation.name if requester.organisation is not None else ""
    return {
        **who,
        "requester_id": requester.id,
        "requester_organisation": org,
        "requester_phone": "",
    }


def _attach(req: HelpRequest, attachments) -> None:
    """Check and store each file, and list it on the request."""
    for upload in attachments:
        req.attachments.append(uploads.attachment_of(upload.data, upload.filename))


def _ask_to_confirm(req: HelpRequest) -> None:
    """A public requester confirms the address by a link before the request reaches staff."""
    queue_mail(
        req.requester_email,
        _l("Please confirm your request"),
        "requests/confirm",
        locale=recipient_locale(*req.requester_locales),
        req=req,
        link=absolute_url("requests.confirm", token=confirm_token(req)),
        days=CONFIRM_DAYS,
    )


def _confirm(req: HelpRequest, now: datetime) -> None:
    """The requester is known: the request's clock starts and the requester is told."""
    req.email_confirmed_at = now
    clocks.start(req, now)
    _notify_requester(req, "requests/submitted")


def confirm_token(req: HelpRequest) -> str:
    return sign(CONFIRM_PURPOSE, req.id)


#: days a private link works; every mail about the request brings a fresh one, and an expired
#: link offers to mail a new one to the requester's address
PRIVATE_LINK_DAYS = 90


class LinkExpired(DomainError):
    """A genuine private link past its days; `request` is whose it was (to mail a new one)."""

    default_message = _l("This link has expired.")

    def __init__(self, request: HelpRequest):
        super().__init__()
        self.request = request


def _access_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="request-private-link")


def _address_mark(req: HelpRequest) -> str:
    """A keyed hash of the requester's address: the link dies when the address changes or is
    erased, and the token (readable base64) carries no personal data."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"request-private-link:{req.requester_email}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]


def access_token(req: HelpRequest) -> str:
    """The requester's private link to their request (for requesters without an account)."""
    return _access_serializer().dumps([req.id, _address_mark(req)])


def _request_of(payload) -> HelpRequest:
    req_id, mark = payload
    req = db.session.get(HelpRequest, req_id) if isinstance(req_id, int) else None
    if req is None or not _reachable_by_link(req, mark):
        raise NotFound()
    return req


def _reachable_by_link(req: HelpRequest, mark) -> bool:
    """A confirmed request with an address, and a link made for that address."""
    if req.email_confirmed_at is None or not req.requester_email:
        return False
    return hmac.compare_digest(str(mark), _address_mark(req))


def request_from_access_token(token: str) -> HelpRequest:
    """The request of a private link; NotFound for a forged one, LinkExpired for an old one."""
    serializer = _access_serializer()
    try:
        return _request_of(serializer.loads(token, max_age=PRIVATE_LINK_DAYS * 86400))
    except SignatureExpired as exc:
        raise LinkExpired(_request_of(serializer.loads(token))) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise NotFound() from exc


def send_new_private_link(token: str) -> HelpRequest:
    """Mail a fresh private link to the requester of an expired one (to the stored address only)."""
    try:
        req = request_from_access_token(token)
    except LinkExpired as expired:
        req = expired.request
    queue_mail(
        req.requester_email,
        _l("Your request %(ref)s: a new link", ref=req.reference),
        "requests/new_link",
        locale=recipient_locale(*req.requester_locales),
        req=req,
        link=absolute_url("requests.private", token=access_token(req)),
        days=PRIVATE_LINK_DAYS,
    )
    return req


def confirm_email(token: str, now: datetime | None = None) -> HelpRequest:
    """Follow the emailed link: the request enters the queue with its due date."""
    req = db.session.get(HelpRequest, _confirmed_request_id(token))
    if req is None:
        raise NotFound()
    if req.email_confirmed_at is None:
        _confirm(req, now or utcnow())
    return req


def _confirmed_request_id(token: str) -> int:
    """The request named by a confirmation link; a refusal for a forged or expired link."""
    try:
        return unsign(CONFIRM_PURPOSE, token, max_age=CONFIRM_DAYS * 86400)
    except (TokenExpired, TokenInvalid) as exc:
        raise DomainError(CONFIRM_LINK_REFUSED) from exc


def _notify_requester(req: HelpRequest, template: str, subject=None, **context) -> None:
    link = (
        absolute_url("requests.show", request_id=req.id)
        if req.requester_id
        else absolute_url("requests.private", token=access_token(req))
    )
    message = queue_mail(
        req.requester_email,
        subject
        or _l(
            "Your request %(ref)s: %(status)s", ref=req.reference, status=STATUS_LABELS[req.status]
        ),
        template,
        locale=recipient_locale(*req.requester_locales),
        req=req,
        link=link,
        status_label=STATUS_LABELS[req.status],
        **context,
    )
    reply_address.mark(message, req)
