"""What the CRM stores about a person, for the personal-data registry (export and erasure)."""

import sqlalchemy as sa

from office.contacts.models import Consent, Interaction, Person
from office.contacts.services.rights import (
    anonymise,
    consent_record,
    interaction_record,
    person_record,
)
from office.core.registry import register_personal_data
from office.extensions import db


def _people(email: str):
    return list(db.session.scalars(sa.select(Person).where(Person.email == email.lower())))


def export_interactions(email: str) -> dict:
    ids = [p.id for p in _people(email)]
    rows = db.session.scalars(sa.select(Interaction).where(Interaction.person_id.in_(ids)))
    return {"interactions": [interaction_record(i) for i in rows]}


def erase_interactions(email: str) -> int:
    ids = [p.id for p in _people(email)]
    return (
        db.session.execute(sa.delete(Interaction).where(Interaction.person_id.in_(ids))).rowcount
        or 0
    )


def export_consents(email: str) -> dict:
    ids = [p.id for p in _people(email)]
    return {
        "consents": [
            consent_record(c)
            for c in db.session.scalars(sa.select(Consent).where(Consent.person_id.in_(ids)))
        ]
    }


def erase_consents(email: str) -> int:
    ids = [p.id for p in _people(email)]
    return db.session.execute(sa.delete(Consent).where(Consent.person_id.in_(ids))).rowcount or 0


def export_people(email: str) -> dict:
    return {"people": [person_record(p) for p in _people(email)]}


def erase_people(email: str) -> int:
    people = _people(email)
    for p in people:
        anonymise(p)
    db.session.flush()
    return len(people)


register_personal_data("contacts: interactions", export_interactions, erase_interactions)
register_personal_data("contacts: consents", export_consents, erase_consents)
register_personal_data("contacts: people", export_people, erase_people, order=90)
