"""Likely duplicates, and merging two people while keeping every link and interaction."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from office.contacts.models import Person
from office.contacts.rules import names_similar
from office.contacts.services.people import refresh_search_text
from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db

#: the duplicates page shows at most this many pairs at once
MAX_PAIRS = 200


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    reason: str  # "email" or "name"


def find_duplicates(limit: int = MAX_PAIRS) -> list[DuplicatePair]:
    """Pairs with the same email, and pairs with similar names at the same organisation."""
    pairs = _same_email(limit)
    seen = {(pair.first.id, pair.second.id) for pair in pairs}
    for first, second in _same_last_name_and_organisation(limit * 5):
        if (first.id, second.id) not in seen and names_similar(
            first.first_name, first.last_name, second.first_name, second.last_name
        ):
            pairs.append(DuplicatePair(first, second, "name"))
    return pairs[:limit]


def _shared_emails(limit: int):
    """Addresses that more than one (not erased) person has."""
    return (
        sa.select(Person.email)
        .where(Person.erased_at.is_(None), Person.email.is_not(None))
        .group_by(Person.email)
        .having(sa.func.count() > 1)
        .limit(limit)
    )


def _same_email(limit: int) -> list[DuplicatePair]:
    """Each person paired with the first of the people who share their email address."""
    people = db.session.scalars(
        sa.select(Person)
        .options(joinedload(Person.organisation))
        .where(Person.erased_at.is_(None), Person.email.in_(_shared_emails(limit)))
        .order_by(Person.email, Person.id)
    ).all()
    first_with: dict[str, Person] = {}
    for person in people:
        first_with.setdefault(person.email, person)
    return [
        DuplicatePair(first_with[p.email], p, "email")
        for p in people
        if first_with[p.email] is not p
    ]


def _same_last_name_and_organisation(limit: int) -> list[tuple[Person, Person]]:
    a, b = sa.orm.aliased(Person), sa.orm.aliased(Person)
    same = sa.and_(
        a.organisation_id == b.organisation_id,
        sa.func.lower(a.last_name) == sa.func.lower(b.last_name),
        a.id < b.id,
    )
    return db.session.execute(
        sa.select(a, b)
        .options(joinedload(a.organisation), joinedload(b.organisation))
        .join(b, same)
        .where(a.erased_at.is_(None), b.erased_at.is_(None))
        .limit(limit)
    ).all()


def _person_references():
    """(table, column) of every column in the database that points to persons.id."""
    persons = db.metadata.tables["persons"]
    for table in db.metadata.sorted_tables:
        if table is persons:
            continue
        for column in table.columns:
            if any(fk.column is persons.c.id for fk in column.foreign_keys):
                yield table, column


def _repoint(table, column, keep_id: int, drop_id: int) -> None:
    """Move references from drop to keep; a row that would then exist twice is dropped."""
    for constraint in table.constraints:
        if not isinstance(constraint, sa.PrimaryKeyConstraint | sa.UniqueConstraint):
            continue
        cols = list(constraint.columns)
        if column not in cols:
            continue
        others = [c for c in cols if c is not column]
        twin = table.alias("twin")
        clash = sa.exists().where(
            twin.c[column.name] == keep_id, *[twin.c[o.name] == o for o in others]
        )
        db.session.execute(sa.delete(table).where(column == drop_id, clash))
    db.session.execute(sa.update(table).where(column == drop_id).values({column.name: keep_id}))


def _check_mergeable(keep: Person, drop: Person) -> None:
    if keep.id == drop.id:
        raise DomainError(_l("A person cannot be merged with themselves."))
    if keep.erased_at or drop.erased_at:
        raise DomainError(_l("Erased people cannot be merged."))


def _fill_gaps(keep: Person, drop: Person) -> None:
    """Empty fields of `keep` take `drop`'s values; notes are joined."""
    for name in ("first_name", "email", "phone", "organisation_id"):
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    if drop.notes:
        keep.notes = f"{keep.notes}\n{drop.notes}".strip()
    keep.last_activity_at = max(keep.last_activity_at, drop.last_activity_at)


def merge_people(keep: Person, drop: Person, actor=None) -> Person:
    """Merge `drop` into `keep`: links, roles, interactions and consents move; empty fields are
    filled from `drop`; then `drop` is deleted."""
    _check_mergeable(keep, drop)
    _fill_gaps(keep, drop)
    db.session.flush()
    keep_id, drop_id = keep.id, drop.id
    for table, column in _person_references():
        _repoint(table, column, keep_id, drop_id)
    db.session.expunge(drop)
    db.session.execute(sa.delete(Person).where(Person.id == drop_id))
    db.session.expire(keep)
    refresh_search_text(keep)
    db.session.flush()
    record("contacts.merge", ("persons", keep_id), actor, count=2)
    return keep
