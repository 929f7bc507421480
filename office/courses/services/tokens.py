"""Signed links in emails: confirm, cancel, feedback, leave the interest list."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from office.core.errors import DomainError, NotFound

#: how long a link may be used, per purpose (seconds); None: as long as the record exists
MAX_AGE = {
    "course-confirm": 7 * 24 * 3600,
    "course-cancel": None,
    "course-feedback": 90 * 24 * 3600,
    "course-interest-leave": None,
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make(purpose: str, record_id: int, email: str) -> str:
    return _serializer(purpose).dumps([record_id, email])


def read(purpose: str, token: str) -> tuple[int, str]:
    """The (id, email) a link was made for; NotFound when it is forged, altered or too old."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as exc:
        raise DomainError(_l("This link has expired. Please register again.")) from exc
    except BadSignature as exc:
        raise NotFound() from exc
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int)):
        raise NotFound()
    return data[0], str(data[1])
