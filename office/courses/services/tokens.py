"""The courses' signed links (confirm, cancel, substitute, feedback, interest list), made with
the one token signer of `office.core.tokens`: a link carries the record's id and email, so it
stops working when the record goes or its address changes."""

from flask_babel import lazy_gettext as _l

from office.core import tokens
from office.core.errors import DomainError, NotFound

#: how long a link may be used, per purpose (seconds); None: as long as the record exists
MAX_AGE = {
    "course-confirm": 7 * 24 * 3600,
    "course-cancel": None,
    "course-feedback": 90 * 24 * 3600,
    "course-interest-confirm": 7 * 24 * 3600,
    "course-interest-leave": None,
}


def make(purpose: str, record_id: int, email: str) -> str:
    return tokens.sign(purpose, [record_id, email])


def read(purpose: str, token: str) -> tuple[int, str]:
    """The (id, email) a link was made for; NotFound when it is forged, altered or too old."""
    try:
        data = tokens.unsign(purpose, token, max_age=MAX_AGE[purpose])
    except tokens.TokenExpired as exc:
        raise DomainError(_l("This link has expired. Please register again.")) from exc
    except tokens.TokenInvalid as exc:
        raise NotFound() from exc
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int)):
        raise NotFound()
    return data[0], str(data[1])
