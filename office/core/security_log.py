"""Security events as structured log lines (JSON, UTC), without passwords, tokens or form bodies."""

import json
import logging

from flask import has_request_context, request

from office.core.clock import utcnow

log = logging.getLogger("office.security")

#: fields never written, whatever a caller passes
FORBIDDEN = {"password", "token", "code", "secret", "csrf_token", "form", "body"}


def security_event(event: str, user=None, **fields) -> None:
    """Log one event: login, login_failed, logout, forbidden, csrf_failed, rate_limited, ..."""
    record = {"ts": utcnow().isoformat(timespec="seconds"), "event": event}
    if user is not None and getattr(user, "is_authenticated", False):
        record["user_id"] = user.id
    if has_request_context():
        record["ip"] = request.remote_addr
        record["method"] = request.method
        record["path"] = request.path
    record.update({k: v for k, v in fields.items() if k not in FORBIDDEN})
    log.info(json.dumps(record, ensure_ascii=False, default=str, sort_keys=True))
