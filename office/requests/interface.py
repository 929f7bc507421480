"""What other domains may call in the requests domain (docs/architecture.md)."""

from office.requests.services.intake import Contact, submit_request
from office.requests.services.workflow import (
    decide_by_board,  # noqa: F401 - for governance
    transition,
)


def open_request(requester, kind: str, *, title: str, description: str, details: dict, source: str):
    """Open a help request of `kind` for `requester`: a logged-in user, or a `guest(...)` who
    confirms the request by an emailed link. No commit."""
    return submit_request(
        requester, kind, title=title, description=description, details=details, source=source
    )


def put_before_board(actor, req, note: str, now) -> None:
    """The request goes under the board's review (staff forwarded it); no commit."""
    transition(actor, req, "board_review", note=note, now=now)


def guest(name: str, email: str, organisation: str, locale: str) -> Contact:
    """A requester without an account."""
    return Contact(name=name, email=email, organisation=organisation, locale=locale)
