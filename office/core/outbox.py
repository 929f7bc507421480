"""Transactional mail outbox: queue in the caller's transaction, deliver after commit.

`queue_mail` only adds a row to the session, so the message is stored exactly when the change
that causes it is committed. `send_queued` (the `flask mail send-queued` command, run by cron
on any number of servers) claims each due message with a conditional UPDATE, delivers it,
and records the outcome; a failed delivery is retried with exponential backoff and a
permanent refusal (5xx) is marked failed.
"""

import base64
import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from office.core.clock import utcnow
from office.core.i18n import recipient_locale
from office.core.models import OutboxMessage
from office.extensions import db, mail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
CLAIM_MINUTES = 10


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


def queue_mail(
    recipient: str,
    subject,
    template: str,
    locale: str | None = None,
    attachments: list[Attachment] | None = None,
    **context,
) -> OutboxMessage:
    """Render `templates/emails/<template>.txt` in the recipient's language and queue it.

    `locale` is the recipient's (see `recipient_locale`); without one, the office's default,
    never the language of the request that causes the mail.
    """
    locale = recipient_locale(locale)
    with force_locale(locale):
        context.setdefault("office_name", current_app.config["OFFICE_NAME"])
        body = render_template(f"emails/{template}.txt", **context)
        subject_text = str(subject)
    message = OutboxMessage(
        recipient=recipient,
        subject=subject_text[:300],
        body_text=body,
        attachments=[
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "data": base64.b64encode(a.data).decode("ascii"),
            }
            for a in attachments or []
        ],
    )
    db.session.add(message)
    return message


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claim(message_id: int, now: datetime) -> str | None:
    token = secrets.token_hex(16)
    table = OutboxMessage.__table__
    result = db.session.execute(
        sa.update(table)
        .where(
            table.c.id == message_id,
            table.c.status == "queued",
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(minutes=CLAIM_MINUTES), claim_token=token)
    )
    db.session.commit()
    return token if result.rowcount == 1 else None


def message_id(row: OutboxMessage) -> str:
    """`<outbox id.creation time@the office's mail domain>`: the same on every retry of the
    message (so a receiver can drop a duplicate), and never a host name such as `localhost`
    that spam filters count against the office."""
    domain = _mail_domain(current_app.config)
    return f"<office.{row.id}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"


def _mail_domain(config) -> str:
    """The domain of the sender address, else the host of the office's address."""
    sender = config.get("MAIL_DEFAULT_SENDER") or ""
    if isinstance(sender, tuple | list):
        sender = sender[-1]
    return sender.rpartition("@")[2].strip("> ") or urlsplit(config["OFFICE_BASE_URL"]).hostname


def _to_flask_message(row: OutboxMessage) -> Message:
    headers = dict(row.headers or {})
    msg = Message(
        subject=row.subject,
        recipients=[row.recipient],
        body=row.body_text,
        reply_to=headers.pop("Reply-To", None),
        # every mail of the app is sent automatically: out-of-office replies skip it (RFC 3834)
        extra_headers={"Auto-Submitted": "auto-generated", **headers},
    )
    msg.msgId = message_id(row)
    if "Message-ID" in headers:
        msg.msgId = headers.pop("Message-ID")
        msg.extra_headers = {"Auto-Submitted": "auto-generated", **headers}
    if row.body_html:
        msg.html = row.body_html
    for a in row.attachments or []:
        msg.attach(a["filename"], a["content_type"], base64.b64decode(a["data"]))
    return msg


def _permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def send_queued(limit: int = 200, now: datetime | None = None) -> SendReport:
    """Deliver due messages; safe to run from several servers at once."""
    now = now or utcnow()
    report = SendReport()
    due_ids = _due_ids(limit, now)
    db.session.commit()
    if not due_ids:
        return report
    sender = _Sender(console=not current_app.config.get("MAIL_SERVER"))
    try:
        for message_id in due_ids:
            if not _send_one(sender, message_id, now, report):
                break  # the server is unreachable: leave the rest for the next run
    finally:
        sender.close()
    return report


def _due_ids(limit: int, now: datetime) -> list[int]:
    """The ids of queued messages whose time has come and that no sender has claimed."""
    table = OutboxMessage.__table__
    query = (
        sa.select(table.c.id)
        .where(
            table.c.status == "queued",
            table.c.next_attempt_at <= now,
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
        )
        .order_by(table.c.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


class _Sender:
    """Prints mail locally, or sends it over one SMTP connection opened for the first message."""

    def __init__(self, console: bool):
        self.console = console
        self.connection = None

    def send(self, row: OutboxMessage) -> None:
        if self.console:
            print(_console_text(row), flush=True)  # noqa: T201 - local use shows mail here
            return
        if self.connection is None:
            self.connection = mail.connect().__enter__()
        self.connection.send(_to_flask_message(row))

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.__exit__(None, None, None)
        except (smtplib.SMTPException, OSError):
            pass


def _send_one(sender: _Sender, message_id: int, now: datetime, report: SendReport) -> bool:
    """Claim and send one message; False when the mail server cannot be reached at all."""
    if _claim(message_id, now) is None:
        return True  # another sender has it
    row = db.session.get(OutboxMessage, message_id)
    try:
        sender.send(row)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        _record_failure(row, exc, now, report)
        return sender.connection is not None or _permanent(exc)
    _record_sent(row, report)
    return True


def _record_failure(row: OutboxMessage, exc: Exception, now: datetime, report: SendReport):
    """Give up on a permanent error or after MAX_ATTEMPTS; otherwise retry after a backoff."""
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    row.claimed_until = None
    if _permanent(exc) or row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        report.failed += 1
    else:
        row.next_attempt_at = now + backoff(row.attempts)
        report.retried += 1
    db.session.commit()
    log.warning("mail %s not delivered: %s", row.id, row.last_error)


def _record_sent(row: OutboxMessage, report: SendReport) -> None:
    row.status = "sent"
    row.sent_at = utcnow()
    row.attempts += 1
    row.claimed_until = None
    db.session.commit()
    report.sent += 1


def _console_text(row: OutboxMessage) -> str:
    line = "-" * 72
    return f"{line}\nTo: {row.recipient}\nSubject: {row.subject}\n\n{row.body_text}\n{line}"


#: what the outbox shows instead of the secret part of a link that grants access
HIDDEN = "[…]"


def _access_link_pattern(app) -> re.Pattern:
    """Every path of a route that takes a `<token>`: its token is the key to something."""
    paths = [_path_to_token(rule) for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    return re.compile("(" + "|".join(sorted(paths, key=len, reverse=True)) + r")[^\s/?#]+")


def _path_to_token(rule) -> str:
    """The route's path up to its `<token>`, any other argument as one path segment."""
    prefix, _sep, _rest = rule.rule.partition("<token>")
    parts = re.split(r"<[^>]+>", prefix)
    return r"[^\s/]+".join(re.escape(part) for part in parts)


def _cached_access_link_pattern(app) -> re.Pattern:
    pattern = app.extensions.get("office_access_links")
    if pattern is None:
        pattern = app.extensions["office_access_links"] = _access_link_pattern(app)
    return pattern


def redact_access_links(text: str) -> str:
    """The mail as office staff may read it: tokens of reset, invitation, confirmation and
    private links cut out (reading one would let the reader act as the recipient)."""
    pattern = _cached_access_link_pattern(current_app._get_current_object())
    return pattern.sub(lambda match: match.group(1) + HIDDEN, text)


def grants_access(message: OutboxMessage) -> bool:
    return redact_access_links(message.body_text) != message.body_text


def send_again(message: OutboxMessage) -> OutboxMessage:
    """Queue the same mail once more, to the same recipient only (the outbox's "read" for
    mails that carry access links)."""
    copy = OutboxMessage(
        recipient=message.recipient,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        attachments=list(message.attachments or []),
    )
    db.session.add(copy)
    return copy
