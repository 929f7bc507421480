"""Reading mail that people send to the office: a MIME message as the mail server delivers it.

Pure functions of the message's bytes (no Flask, no database): the sender, the references to
earlier mails, the new text without quoted text and signature, the attachments, and whether an
automatic system sent it (RFC 3834). Which domain the mail belongs to is not decided here.
"""

import html
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

import nh3

#: where a reply's quoted part begins, in English, German and Danish mail programs
QUOTE_HEADERS = re.compile(
    r"^\s*("
    r"On .{3,200} wrote:|Am .{3,200} schrieb .{0,200}:|Den .{3,200} skrev .{0,200}:"
    r"|-{2,}\s*(Original Message|Ursprüngliche Nachricht|Oprindelig meddelelse)\s*-{2,}"
    r"|(From|Von|Fra):\s.+"
    r")\s*$",
    re.IGNORECASE,
)
#: the usual signature delimiter ("-- ") and what mobile mail programs append
SIGNATURE = re.compile(
    r"^(-- ?|Sent from my .+|Von meinem .+ gesendet|Gesendet von .+|Sendt fra min .+)$"
)
FORWARDED = re.compile(r"^\s*(fwd?|wg|vs|fw)\s*:", re.IGNORECASE)
#: Precedence values of mailing lists and autoresponders
BULK = {"bulk", "junk", "list", "auto_reply"}


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class InboundMessage:
    """What a received mail says, as far as the office cares."""

    message_id: str
    sender: str
    subject: str
    #: Message-IDs of the mails this one answers (In-Reply-To, then References)
    refers_to: list[str]
    recipients: list[str]
    text: str
    automatic: bool
    attachments: list[MailAttachment] = field(default_factory=list)


def parse(raw: bytes) -> InboundMessage:
    """Read a MIME message: multipart or not, HTML-only, in any declared charset."""
    msg = message_from_bytes(raw, policy=policy.default)
    subject = _header(msg, "Subject")
    body = _body(msg)
    text = body if FORWARDED.match(subject) else new_text(body)
    return InboundMessage(
        message_id=_header(msg, "Message-ID").strip(),
        sender=(getaddresses([_header(msg, "From")]) or [("", "")])[0][1].strip().lower(),
        subject=subject,
        refers_to=re.findall(
            r"<[^<>\s]+>", f"{_header(msg, 'In-Reply-To')} {_header(msg, 'References')}"
        ),
        recipients=[
            a.lower() for _n, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))
        ],
        text=without_signature(text),
        automatic=is_automatic(msg),
        attachments=list(_attachments(msg)),
    )


def _header(msg: EmailMessage, name: str) -> str:
    try:
        return str(msg.get(name, "") or "")
    except (ValueError, TypeError, IndexError):  # a malformed header reads as absent
        return ""


def is_automatic(msg: EmailMessage) -> bool:
    """Out-of-office notes, bounces, list mail: never answered, never reopen anything."""
    auto = _header(msg, "Auto-Submitted").strip().lower()
    return bool(
        (auto and auto != "no")
        or _header(msg, "Precedence").strip().lower() in BULK
        or any(_header(msg, h) for h in ("X-Autoreply", "X-Autorespond", "List-Id"))
        or _header(msg, "X-Auto-Response-Suppress").strip().lower() in {"all", "oof"}
        or _header(msg, "Return-Path").strip() == "<>"
        or "mailer-daemon" in _header(msg, "From").lower()
    )


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):  # an unknown charset: read what can be read
        content = part.get_payload(decode=True).decode("latin-1")
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def html_to_text(markup: str) -> str:
    """The visible text of an HTML mail: blocks become lines, tags and styles go."""
    markup = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h\d)>", "\n", markup)
    markup = re.sub(r"(?is)<blockquote.*?</blockquote>", "\n", markup)
    cleaned = nh3.clean(markup, tags=set(), clean_content_tags={"style", "script", "head"})
    return html.unescape(cleaned)


def new_text(body: str) -> str:
    """The part of a reply its author wrote: up to the quoted mail, without "> " lines."""
    kept = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADERS.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def without_signature(text: str) -> str:
    """The text up to the signature delimiter."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if SIGNATURE.match(line.rstrip()):
            return "\n".join(lines[:index]).strip()
    return text.strip()


def _attachments(msg: EmailMessage):
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True)
        if data is not None:
            yield MailAttachment(part.get_filename() or "attachment", part.get_content_type(), data)
