"""Personal data of co-facilitators: export and erasure by email address. (Attendance belongs
to the sortition respondents and goes with their purge; experts are CRM people.)"""

import sqlalchemy as sa

from office.assemblies.models import Facilitator
from office.auth.models import User
from office.core.registry import register_personal_data
from office.extensions import db


def _offers(email: str) -> list[Facilitator]:
    stmt = sa.select(Facilitator).join(User, User.id == Facilitator.user_id)
    return list(db.session.scalars(stmt.filter(sa.func.lower(User.email) == email.strip().lower())))


def export(email: str) -> dict:
    return {
        "assembly_facilitation": [
            {
                "assembly": f.assembly.title,
                "note": f.note,
                "volunteered_at": f.volunteered_at.isoformat(),
                "sessions": [
                    {
                        "session": a.session.title,
                        "starts_at": a.session.starts_at.isoformat(),
                        "table": a.table,
                    }
                    for a in f.assignments
                ],
            }
            for f in _offers(email)
        ]
    }


def erase(email: str) -> int:
    offers = _offers(email)
    for offer in offers:
        db.session.delete(offer)
    db.session.flush()
    return len(offers)


register_personal_data("assemblies", export, erase, order=40)
