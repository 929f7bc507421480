"""Personal data of respondents (export and erasure by email address)."""

import sqlalchemy as sa

from office.core.registry import register_personal_data
from office.extensions import db
from office.sortition.models import Assembly, Respondent


def export_respondent(email: str) -> dict:
    rows = db.session.execute(
        sa.select(Respondent, Assembly.title)
        .join(Assembly, Assembly.id == Respondent.assembly_id)
        .filter(sa.func.lower(Respondent.contact) == email.lower())
    ).all()
    return {
        "respondents": [
            {
                "assembly": title,
                "id": r.external_id,
                "name": r.name,
                "features": r.features,
                "withdrawn_at": r.withdrawn_at.isoformat() if r.withdrawn_at else None,
            }
            for r, title in rows
        ]
    }


def erase_respondent(email: str) -> int:
    """Anonymise: name and contact go, the features stay (they are in the anonymous result)."""
    same_address = sa.func.lower(Respondent.contact) == email.lower()
    rows = db.session.scalars(sa.select(Respondent).filter(same_address)).all()
    for r in rows:
        _anonymise(r)
    db.session.flush()
    return len(rows)


def _anonymise(r: Respondent) -> None:
    r.name = ""
    r.contact = ""
    r.household_key = None


register_personal_data("sortition", export_respondent, erase_respondent)
