"""What other domains may call in the requests domain (docs/architecture.md)."""

from office.requests.services.intake import Contact, submit_request
from office.requests.services.replies import receive as receive_mail  # noqa: F401 - `flask mail`
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


def settle(actor, req, accepted: bool, reason: str, now) -> None:
    """The office accepts or declines a request it has not yet worked on (a department's
    proposal decided on its own page): it goes through triage to "accepted" or "declined" and
    the requester is told by mail. A request staff have already moved on is left as it is."""
    if req.status == "submitted":
        transition(actor, req, "in_triage", assignee=req.assignee or actor, now=now)
    if req.status == "in_triage":
        transition(actor, req, "accepted" if accepted else "declined", reason=reason, now=now)


def guest(name: str, email: str, organisation: str, locale: str) -> Contact:
    """A requester without an account."""
    return Contact(name=name, email=email, organisation=organisation, locale=locale)
