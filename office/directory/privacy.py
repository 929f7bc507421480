"""What the directory stores about a person: representations and public contact addresses."""

import sqlalchemy as sa

from office.auth.models import User
from office.core.rules import normalise_email
from office.directory.models import Initiative, Representative
from office.extensions import db


def _user_reps(email: str):
    return list(
        db.session.scalars(
            sa.select(Representative).join(User).where(User.email == normalise_email(email))
        )
    )


def _contact_of(email: str):
    return list(
        db.session.scalars(
            sa.select(Initiative).where(Initiative.contact_email == normalise_email(email))
        )
    )


def export(email: str) -> dict:
    return {
        "represents": [
            {
                "initiative_id": r.initiative_id,
                "initiative": r.initiative.name,
                "since": r.created_at.isoformat(),
            }
            for r in _user_reps(email)
        ],
        "public_contact_of": [
            {"initiative_id": i.id, "initiative": i.name} for i in _contact_of(email)
        ],
    }


def erase(email: str) -> int:
    """Remove the person as representative and as public contact; the entries stay."""
    changed = 0
    for rep in _user_reps(email):
        db.session.delete(rep)
        changed += 1
    for initiative in _contact_of(email):
        initiative.contact_email = ""
        changed += 1
    return changed
