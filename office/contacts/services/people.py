"""People and organisations: save, search, tag, log interactions."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.contacts.models import (
    Expertise,
    Interaction,
    Membership,
    Organisation,
    Person,
    Tag,
)
from office.contacts.rules import normalise_email
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.extensions import db


def refresh_search_text(person: Person) -> None:
    """Keep the column the search looks in up to date with names, email, organisations, tags."""
    parts = [person.first_name, person.last_name, person.email or ""]
    if person.organisation is not None:
        parts.append(person.organisation.name)
    parts += [m.organisation.name for m in person.memberships if m.organisation is not None]
    parts += [m.role for m in person.memberships]
    parts += [t.name for t in person.tags] + [e.name for e in person.expertise]
    person.search_text = " ".join(p for p in parts if p).lower()


def get_or_create_tags(names) -> list[Tag]:
    return [_get_or_create(Tag, n) for n in _unique_names(names, 80)]


def get_or_create_expertise(names) -> list[Expertise]:
    return [_get_or_create(Expertise, n) for n in _unique_names(names, 120)]


def _unique_names(names, longest: int) -> list[str]:
    """The names stripped and cut to `longest` characters, each once, blank ones left out."""
    return list(dict.fromkeys(n.strip()[:longest] for n in names if n.strip()))


def _get_or_create(model, name):
    obj = db.session.scalar(sa.select(model).where(sa.func.lower(model.name) == name.lower()))
    if obj is None:
        obj = model(name=name)
        db.session.add(obj)
        db.session.flush()
    return obj


@dataclass
class PersonDetails:
    """What staff enter about a person."""

    last_name: str
    first_name: str = ""
    email: str | None = None
    phone: str | None = None
    organisation: Organisation | None = None
    notes: str = ""
    tags: Sequence[str] = ()
    expertise: Sequence[str] = ()
    districts: Sequence = field(default_factory=list)


def _write_details(person: Person, details: PersonDetails) -> None:
    person.first_name = details.first_name.strip()
    person.last_name = details.last_name.strip()
    person.email = normalise_email(details.email)
    person.phone = (details.phone or "").strip() or None
    person.organisation = details.organisation
    person.notes = details.notes or ""
    person.tags = get_or_create_tags(details.tags)
    person.expertise = get_or_create_expertise(details.expertise)
    person.districts = list(details.districts)
    person.last_activity_at = utcnow()


def save_person(person: Person, details: PersonDetails) -> Person:
    """Save a person's details; their main organisation becomes one of their roles."""
    if not details.last_name.strip():
        raise DomainError(_l("Enter a last name."), field="last_name")
    _write_details(person, details)
    if person.id is None:
        db.session.add(person)
    _add_role_at(person, details.organisation)
    db.session.flush()
    refresh_search_text(person)
    db.session.flush()
    return person


def _add_role_at(person: Person, organisation: Organisation | None) -> None:
    if organisation is not None:
        _membership_at(person, organisation)


def _membership_at(person: Person, organisation: Organisation) -> Membership:
    membership = next((m for m in person.memberships if m.organisation_id == organisation.id), None)
    if membership is None:
        membership = Membership(organisation=organisation)
        person.memberships.append(membership)
    return membership


def set_membership(
    person: Person, organisation: Organisation, role: str, participation_contact: bool
) -> Membership:
    membership = _membership_at(person, organisation)
    membership.role = role.strip()
    membership.participation_contact = participation_contact
    db.session.flush()
    refresh_search_text(person)
    return membership


def remove_membership(person: Person, membership: Membership) -> None:
    person.memberships.remove(membership)
    db.session.flush()
    refresh_search_text(person)


def log_interaction(
    *, kind: str, occurred_on: date, summary: str, author, person=None, organisation=None
) -> Interaction:
    if person is None and organisation is None:
        raise DomainError(_l("An interaction belongs to a person or an organisation."))
    interaction = Interaction(
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        author=author,
        person=person,
        organisation=organisation,
    )
    db.session.add(interaction)
    if person is not None:
        person.last_activity_at = utcnow()
    db.session.flush()
    return interaction


def save_organisation(organisation: Organisation, **fields) -> Organisation:
    """Save an organisation's details; its members' search text follows its name."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.notes = organisation.notes or ""
    db.session.add(organisation)
    db.session.flush()
    for membership in organisation.memberships:
        refresh_search_text(membership.person)
    return organisation
