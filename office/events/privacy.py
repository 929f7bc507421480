"""What the calendar stores about a person: sign-ups for events."""

import sqlalchemy as sa

from office.core.rules import normalise_email
from office.events.models import EventSignup
from office.extensions import db


def _signups(email: str):
    return list(
        db.session.scalars(
            sa.select(EventSignup).where(EventSignup.email == normalise_email(email))
        )
    )


def export(email: str) -> dict:
    return {
        "event_signups": [
            {
                "event_id": s.event_id,
                "event": s.event.title,
                "date": s.occurrence_start.isoformat(),
                "name": s.name,
                "signed_up_at": s.created_at.isoformat(),
            }
            for s in _signups(email)
        ]
    }


def erase(email: str) -> int:
    """Delete the sign-ups: a place held for nobody is better than a name kept against a wish."""
    rows = _signups(email)
    for row in rows:
        db.session.delete(row)
    return len(rows)
