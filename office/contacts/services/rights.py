"""Consent records, export of everything stored about a person, erasure, retention review."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.contacts.models import Consent, Interaction, Membership, Person
from office.core.audit import record
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.privacy import erase_everywhere, export_everywhere
from office.core.security_log import security_event
from office.extensions import db
from office.processes.models import process_contacts

ERASED_NAME = "[erased]"


def give_consent(
    person: Person, purpose: str, text_version: str, channel: str, given_at: datetime | None = None
) -> Consent:
    consent = Consent(
        person=person,
        purpose=purpose.strip(),
        text_version=text_version.strip(),
        channel=channel,
        given_at=given_at or utcnow(),
    )
    db.session.add(consent)
    person.last_activity_at = utcnow()
    db.session.flush()
    return consent


def withdraw_consent(consent: Consent, channel: str, at: datetime | None = None) -> None:
    """Withdrawing is one step, like giving: the record stays with the time and channel."""
    if consent.withdrawn_at is not None:
        raise DomainError(_l("This consent has been withdrawn already."))
    consent.withdrawn_at = at or utcnow()
    consent.withdrawal_channel = channel
    db.session.flush()


def record_list_export(actor, count: int) -> None:
    """A filtered list was exported as CSV: audit and security log say who and how many."""
    record("contacts.csv_export", None, actor, count=count)
    security_event("export", actor, kind="contacts_csv", count=count)


def export_person(person: Person, actor) -> dict:
    """Everything every module stores about the person, as one JSON-serialisable dict."""
    data = {"person": person_record(person), "modules": {}}
    if person.email:
        # every module, the mail sent to the person included, by the normalised address
        data["modules"] = export_everywhere(person.email, actor)
    record("contacts.export", person, actor, count=1)
    security_event("export", actor, person_id=person.id)
    return data


def person_record(p: Person) -> dict:
    """Everything the CRM stores about a person, for the person's data export."""
    return {
        "id": p.id,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "phone": p.phone,
        "notes": p.notes,
        "organisation": p.organisation.name if p.organisation else None,
        "roles": [role_record(m) for m in p.memberships],
        "tags": [t.name for t in p.tags],
        "expertise": [e.name for e in p.expertise],
        "districts": [d.name for d in p.districts],
        "interactions": [interaction_record(i) for i in _of_person(Interaction, p, "occurred_on")],
        "consents": [consent_record(c) for c in _of_person(Consent, p, "id")],
        "created_at": p.created_at.isoformat() if p.created_at else None,
    }


def _of_person(model, person: Person, order: str) -> list:
    stmt = sa.select(model).where(model.person_id == person.id).order_by(getattr(model, order))
    return db.session.scalars(stmt).all()


def role_record(m: Membership) -> dict:
    return {
        "organisation": m.organisation.name,
        "role": m.role,
        "participation_contact": m.participation_contact,
    }


def interaction_record(i: Interaction) -> dict:
    return {"kind": i.kind, "date": i.occurred_on.isoformat(), "summary": i.summary}


def consent_record(c: Consent) -> dict:
    return {
        "purpose": c.purpose,
        "text_version": c.text_version,
        "channel": c.channel,
        "given_at": c.given_at.isoformat(),
        "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        "withdrawal_channel": c.withdrawal_channel,
    }


def anonymise(person: Person) -> None:
    """Keep the row (other records point to it) without anything that identifies the person."""
    db.session.execute(sa.delete(Interaction).where(Interaction.person_id == person.id))
    db.session.execute(sa.delete(Consent).where(Consent.person_id == person.id))
    db.session.execute(sa.delete(process_contacts).where(process_contacts.c.person_id == person.id))
    person.first_name = ""
    person.last_name = ERASED_NAME
    person.email = None
    person.phone = None
    person.notes = ""
    person.search_text = ""
    person.memberships = []
    person.tags = []
    person.expertise = []
    person.districts = []
    person.erased_at = utcnow()


def erase_person(person: Person, actor) -> int:
    """Erase the person in every module (each anonymises what must stay) and then here."""
    if person.erased_at is not None:
        raise DomainError(_l("This person has been erased already."))
    changed = 0
    if person.email:
        # every module, in handler order (this module's people last), plus the erasure ledger
        changed = sum(erase_everywhere(person.email, actor).values())
    if person.erased_at is None:
        anonymise(person)
    db.session.flush()
    record("contacts.erase", ("persons", person.id), actor, count=changed + 1)
    security_event("erasure", actor, person_id=person.id, records=changed + 1)
    return changed + 1
