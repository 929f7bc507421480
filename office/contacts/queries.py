"""Read-only queries of the CRM: the people search, a person's processes, the retention review."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from office.contacts import rules
from office.contacts.models import (
    ORGANISATION_KINDS,
    Consent,
    Expertise,
    Interaction,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Tag,
    person_districts,
    person_expertise,
    person_tags,
)
from office.core.models import District
from office.extensions import db
from office.processes.models import Process, process_contacts

#: organisations offered in a choice list (the search finds the others)
CHOICE_LIMIT = 2000


@dataclass
class PeopleFilters:
    q: str = ""
    organisation: int | None = None
    kind: str = ""
    tag: int | None = None
    expertise: int | None = None
    district: int | None = None
    contacts_only: bool = False


def _member_of(*conditions):
    return sa.exists().where(Membership.person_id == Person.id, *conditions)


def _linked(table, column: str, value: int):
    return sa.exists().where(table.c.person_id == Person.id, table.c[column] == value)


def _filter_conditions(filters: PeopleFilters) -> list:
    """The WHERE conditions of the filters that are set."""
    wanted = {
        "organisation": lambda v: _member_of(Membership.organisation_id == v),
        "kind": lambda v: _member_of(
            Membership.organisation_id == Organisation.id, Organisation.kind == v
        ),
        "contacts_only": lambda v: _member_of(Membership.participation_contact.is_(True)),
        "tag": lambda v: _linked(person_tags, "tag_id", v),
        "expertise": lambda v: _linked(person_expertise, "expertise_id", v),
        "district": lambda v: _linked(person_districts, "district_id", v),
    }
    return [make(getattr(filters, name)) for name, make in wanted.items() if getattr(filters, name)]


def people_query(filters: PeopleFilters):
    """SELECT of people matching the search and filters, by name; erased people are left out."""
    stmt = (
        sa.select(Person)
        .options(joinedload(Person.organisation), selectinload(Person.tags))
        .where(Person.erased_at.is_(None), *_filter_conditions(filters))
    )
    for word in filters.q.lower().split()[:5]:
        stmt = stmt.where(Person.search_text.like(f"%{word}%"))
    return stmt.order_by(Person.last_name, Person.first_name, Person.id)


def organisations_query(q: str, kind: str):
    """Organisations whose name contains `q`, of one kind or all, by name."""
    stmt = sa.select(Organisation).order_by(Organisation.name)
    if q:
        stmt = stmt.where(sa.func.lower(Organisation.name).like(f"%{q.lower()}%"))
    if kind in ORGANISATION_KINDS:
        stmt = stmt.where(Organisation.kind == kind)
    return stmt


def organisation_choices(limit: int | None = CHOICE_LIMIT) -> list[tuple[int, str]]:
    stmt = sa.select(Organisation.id, Organisation.name).order_by(Organisation.name).limit(limit)
    return [(row.id, row.name) for row in db.session.execute(stmt)]


def all_of(model, order) -> list:
    return db.session.scalars(sa.select(model).order_by(order)).all()


def filter_lists() -> dict:
    """The tags, areas of expertise and districts the people filters offer."""
    return {
        "tags": all_of(Tag, Tag.name),
        "expertise": all_of(Expertise, Expertise.name),
        "districts": all_of(District, District.name),
    }


def person_processes(person: Person) -> list[Process]:
    """The processes the person is a contact of, by title."""
    return db.session.scalars(
        sa.select(Process)
        .join(process_contacts, process_contacts.c.process_id == Process.id)
        .where(process_contacts.c.person_id == person.id)
        .order_by(Process.title)
    ).all()


def person_interactions(person: Person) -> list[Interaction]:
    return _interactions_newest_first(Interaction.person_id == person.id)


def _interactions_newest_first(condition, limit: int | None = None) -> list[Interaction]:
    return db.session.scalars(
        sa.select(Interaction)
        .options(joinedload(Interaction.author))
        .where(condition)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(limit)
    ).all()


def person_consents(person: Person) -> list[Consent]:
    return db.session.scalars(
        sa.select(Consent).where(Consent.person_id == person.id).order_by(Consent.given_at.desc())
    ).all()


def organisation_members(organisation: Organisation) -> list[Membership]:
    """Members who are not erased: participation contacts first, then by last name."""
    return db.session.scalars(
        sa.select(Membership)
        .options(joinedload(Membership.person))
        .join(Person)
        .where(Membership.organisation_id == organisation.id, Person.erased_at.is_(None))
        .order_by(Membership.participation_contact.desc(), Person.last_name)
        .limit(500)
    ).all()


def organisation_interactions(organisation: Organisation) -> list[Interaction]:
    return _interactions_newest_first(Interaction.organisation_id == organisation.id, limit=200)


def departments_with_contacts() -> list[Organisation]:
    return db.session.scalars(
        sa.select(Organisation)
        .options(selectinload(Organisation.memberships).joinedload(Membership.person))
        .where(Organisation.kind == OrganisationKind.DEPARTMENT)
        .order_by(Organisation.name)
    ).all()


def retention_query(now: datetime, years: int):
    """People without any activity for `years` years, longest inactive first."""
    cutoff = rules.retention_cutoff(now, years)
    return (
        sa.select(Person)
        .where(Person.erased_at.is_(None), Person.last_activity_at < cutoff)
        .order_by(Person.last_activity_at, Person.id)
    )
