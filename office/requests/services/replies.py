"""Replies by email: a mail the mail server delivers (`flask mail receive`) joins the thread of
the request it answers, or waits for staff in the inbox. Nothing received is lost, and nothing
received is answered automatically (no mail loops)."""

from datetime import datetime
from email import policy
from email.parser import BytesHeaderParser

import sqlalchemy as sa
from flask import current_app

from office.core import inbound_mail
from office.core.clock import utcnow
from office.extensions import db
from office.requests import rules
from office.requests.models import HelpRequest, InboundMail
from office.requests.services import reply_address, uploads, workflow


def receive(raw: bytes, now: datetime | None = None, size: int | None = None) -> InboundMail:
    """Read one delivered mail and put it where it belongs; the same mail twice is kept once.

    `size`: the whole mail's size when only its beginning is passed (a mail over
    OFFICE_MAIL_MAX_BYTES is kept for staff with its headers only)."""
    now = now or utcnow()
    size = max(size or 0, len(raw))
    if size > current_app.config["OFFICE_MAIL_MAX_BYTES"]:
        return _keep(_headers_only(raw), None, "too_large", None, now, size=size)
    mail = inbound_mail.parse(raw)
    earlier = _already_received(mail.message_id)
    if earlier is not None:
        return earlier
    req = _request_for(mail)
    reason = rules.inbound_outcome(_facts(mail, req, now))
    if reason is None:
        _thread(req, mail, now)
    return _keep(mail, raw, reason, req, now, size=len(raw))


def _headers_only(raw: bytes) -> inbound_mail.InboundMessage:
    head = BytesHeaderParser(policy=policy.default).parsebytes(raw)
    return inbound_mail.InboundMessage(
        message_id=str(head.get("Message-ID", "")),
        sender=str(head.get("From", "")),
        subject=str(head.get("Subject", "")),
        refers_to=[],
        recipients=[],
        text="",
        automatic=False,
    )


def _already_received(message_id: str) -> InboundMail | None:
    if not message_id:
        return None
    return db.session.scalar(sa.select(InboundMail).where(InboundMail.message_id == message_id))


def _request_for(mail: inbound_mail.InboundMessage) -> HelpRequest | None:
    found = reply_address.request_id_in(mail.subject, *mail.recipients, *mail.refers_to)
    req = db.session.get(HelpRequest, found) if found else None
    return req if req is not None and req.email_confirmed_at is not None else None


def _facts(mail, req: HelpRequest | None, now: datetime) -> rules.InboundFacts:
    closed = req is not None and req.status in rules.CLOSED_STATUSES
    return rules.InboundFacts(
        automatic=mail.automatic,
        found=req is not None,
        sender_ok=req is not None and mail.sender == req.requester_email,
        closed=closed,
        reopenable=closed and rules.may_reopen(req.status, req.closed_at, now, _reopen_days()),
        attachments_ok=_attachments_ok(mail.attachments),
        has_text=bool(mail.text.strip()),
    )


def _reopen_days() -> int:
    return current_app.config["REQUEST_REOPEN_DAYS"]


def _attachments_ok(attachments) -> bool:
    """PDFs and images only, checked by content, as on the web form."""
    return len(attachments) <= uploads.MAX_ATTACHMENTS and all(
        0 < len(a.data) <= uploads.MAX_ATTACHMENT_BYTES and uploads.sniff(a.data[:16])
        for a in attachments
    )


def _thread(req: HelpRequest, mail, now: datetime) -> None:
    req = workflow.locked(req)
    if req.status in rules.CLOSED_STATUSES:
        workflow.reopen(req, now, _reopen_days())
    workflow.post_message(req, mail.text, now=now)
    _attach(req, mail.attachments, now)


def _attach(req: HelpRequest, attachments, now: datetime) -> None:
    """Store the mail's attachments with the request."""
    for attachment in attachments:
        stored = uploads.attachment_of(attachment.data, attachment.filename, created_at=now)
        req.attachments.append(stored)


def _keep(mail, raw, reason, req, now, size: int) -> InboundMail:
    status = "threaded" if reason is None else "automatic" if reason == "automatic" else "review"
    kept = InboundMail(
        received_at=now,
        message_id=mail.message_id[:300],
        sender=mail.sender[:320],
        subject=mail.subject[:300],
        status=status,
        reason=reason,
        request=req,
        size=size,
        text=mail.text,
        raw=raw,
    )
    db.session.add(kept)
    db.session.flush()
    return kept


def mark_handled(mail: InboundMail) -> None:
    """Staff have dealt with a mail in the inbox."""
    mail.status = "handled"
    db.session.flush()
