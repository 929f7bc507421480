"""The audit log of exports, imports, merges and erasures: who, when, how many; no personal data."""

from office.contacts.models import ContactAudit
from office.extensions import db


def audit(action: str, actor, count: int = 0, person_id: int | None = None) -> None:
    db.session.add(
        ContactAudit(
            action=action, actor_id=getattr(actor, "id", None), count=count, person_id=person_id
        )
    )
