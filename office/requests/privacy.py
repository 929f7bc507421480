"""Personal data of requesters: export and erasure by email address."""

import sqlalchemy as sa

from office.core.registry import register_personal_data
from office.extensions import db
from office.requests.models import HelpRequest, InboundMail
from office.requests.services import uploads


def _requests(email: str):
    return list(
        db.session.scalars(
            sa.select(HelpRequest).where(HelpRequest.requester_email == email.strip().lower())
        )
    )


def export(email: str) -> dict:
    return {
        "help_requests": [
            {
                "reference": r.reference,
                "type": r.type,
                "status": r.status,
                "title": r.title,
                "description": r.description,
                "details": r.details,
                "name": r.requester_name,
                "email": r.requester_email,
                "organisation": r.requester_organisation,
                "phone": r.requester_phone,
                "submitted_at": r.submitted_at.isoformat(),
                "messages": [
                    {"at": m.created_at.isoformat(), "author": m.author_name, "body": m.body}
                    for m in r.messages
                ],
                "attachments": [a.filename for a in r.attachments],
                "rating": r.rating,
                "rating_comment": r.rating_comment,
            }
            for r in _requests(email)
        ],
        "mail_to_the_office": [
            {"received_at": m.received_at.isoformat(), "subject": m.subject, "text": m.text}
            for m in _mails(email)
        ],
    }


def _mails(email: str):
    return list(
        db.session.scalars(
            sa.select(InboundMail).where(InboundMail.sender == email.strip().lower())
        )
    )


def _erase_thread(r: HelpRequest) -> None:
    """The exchange with the person and the history of their request, without them: their
    messages and staff's replies to them (which address them), and the steps they took."""
    for m in r.messages:
        m.body = "–"
        if not m.from_staff:
            m.author_name = "–"
    for event in r.events:
        by_requester = r.requester_id is not None and event.actor_id == r.requester_id
        if by_requester or event.actor_name == r.requester_name:
            event.actor_name = "–"
        event.note = "–" if event.note else event.note


def erase(email: str) -> int:
    """Anonymise the requester; the request itself stays for the statistics."""
    changed = 0
    for r in _requests(email):
        _erase_thread(r)
        for a in list(r.attachments):
            uploads.remove(a.stored_name)
            db.session.delete(a)
        r.requester_name = "–"
        r.requester_email = f"erased-{r.id}@invalid"
        r.requester_phone = ""
        r.requester_organisation = ""
        r.requester_id = None
        r.title = r.description = "–"  # free text, often naming the person
        r.details = {}
        r.rating_comment = None
        changed += 1
    for mail in _mails(email):
        db.session.delete(mail)
        changed += 1
    return changed


register_personal_data("help requests", export, erase)
