"""How a requester's reply by email finds its request: a token in the subject, the Reply-To
address and the Message-ID of every mail to the requester (no personal data in it)."""

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

from office.core.models import OutboxMessage

#: "A-00012#k3m9x2q7ab" in a subject, "A-00012.k3m9x2q7ab" in an address or a Message-ID
TOKEN = re.compile(r"\bA-(\d{5,})[#.]([a-z2-7]{10})\b", re.IGNORECASE)


def reply_token(request_id: int) -> str:
    """Ten characters that only the office can compute for this request (HMAC of its id)."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"request-reply:{request_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:10]


def tag(req) -> str:
    return f"{req.reference}#{reply_token(req.id)}"


def mark(message: OutboxMessage, req) -> None:
    """Put the request's token into an outgoing mail: subject, Reply-To and Message-ID."""
    local, _, domain = current_app.config["OFFICE_REPLY_ADDRESS"].partition("@")
    token = f"{req.reference}.{reply_token(req.id)}"
    message.subject = f"{message.subject[:270]} [{tag(req)}]"
    message.headers = {
        "Reply-To": f"{local}+{token}@{domain}",
        "Message-ID": f"<{token}.{secrets.token_hex(6)}@{domain}>",
    }


def request_id_in(*texts: str) -> int | None:
    """The request a subject, address or Message-ID names with a valid token, if any."""
    for text in texts:
        for number, token in TOKEN.findall(text or ""):
            if hmac.compare_digest(token.lower(), reply_token(int(number))):
                return int(number)
    return None
