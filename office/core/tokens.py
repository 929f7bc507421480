"""Signed tokens for links in mails and pages: one signer, one purpose per kind of link."""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer


class TokenExpired(Exception):
    """The token was genuine but is older than its purpose allows."""


class TokenInvalid(Exception):
    """The token was forged, altered, or made for another purpose."""


def sign(purpose: str, payload: Any, timed: bool = True) -> str:
    """A URL-safe token carrying `payload`, valid only for `purpose` (the salt)."""
    return _serializer(purpose, timed).dumps(payload)


def unsign(purpose: str, token: str, max_age: int | None = None, timed: bool = True) -> Any:
    """The payload of a token made by `sign` for `purpose`, not older than `max_age` seconds."""
    serializer = _serializer(purpose, timed)
    try:
        return serializer.loads(token, max_age=max_age) if timed else serializer.loads(token)
    except SignatureExpired as exc:
        raise TokenExpired() from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid() from exc


def _serializer(purpose: str, timed: bool):
    key = current_app.config["SECRET_KEY"]
    return (
        URLSafeTimedSerializer(key, salt=purpose) if timed else URLSafeSerializer(key, salt=purpose)
    )
