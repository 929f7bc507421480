"""Demo contacts: a few hundred people at departments, initiatives and associations."""

import random
from datetime import timedelta

import click
import sqlalchemy as sa

from office.contacts.models import (
    Consent,
    Expertise,
    Interaction,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Tag,
    person_tags,
)
from office.contacts.services.people import refresh_search_text
from office.core.clock import local_now, utcnow
from office.core.demo import get_or_create
from office.core.models import District
from office.core.registry import demo_seeder, large_factor
from office.extensions import db

FIRST = [
    "Anna",
    "Jonas",
    "Mette",
    "Lukas",
    "Sofie",
    "Mehmet",
    "Fatma",
    "Lars",
    "Ingrid",
    "Paul",
    "Lena",
    "Karim",
    "Ida",
    "Felix",
    "Hanne",
    "Tobias",
    "Aylin",
    "Søren",
    "Julia",
    "Emil",
    "Marie",
    "Niklas",
    "Frederik",
    "Laura",
    "Yusuf",
    "Clara",
    "Magnus",
    "Hannah",
    "Ole",
    "Amira",
]
LAST = [
    "Müller",
    "Schmidt",
    "Jensen",
    "Nielsen",
    "Hansen",
    "Yılmaz",
    "Schneider",
    "Fischer",
    "Petersen",
    "Weber",
    "Meyer",
    "Wagner",
    "Larsen",
    "Becker",
    "Hoffmann",
    "Christensen",
    "Koch",
    "Richter",
    "Andersen",
    "Klein",
    "Wolf",
    "Schröder",
    "Madsen",
    "Neumann",
    "Kaya",
    "Braun",
    "Pedersen",
    "Zimmermann",
]
ORGANISATIONS = [
    ("Initiative Lebenswerte Nordstadt", "initiative"),
    ("Radentscheid", "initiative"),
    ("Seniorenbeirat", "politics"),
    ("Jugendrat", "politics"),
    ("Stadtteilverein Südstadt e. V.", "association"),
    ("Sportbund", "association"),
    ("Hafengenossenschaft", "business"),
    ("Einzelhandelsverband", "business"),
    ("Hochschule für Angewandte Wissenschaften", "science"),
    ("Institut für Partizipationsforschung", "science"),
    ("Mieterverein", "association"),
    ("Klimabündnis", "initiative"),
]
TAGS = ["Presse", "Multiplikator:in", "Newsletter", "Jugend", "Ehrenamt", "Moderation"]
EXPERTISE = [
    "Verkehrsplanung",
    "Klimaschutz",
    "Moderation",
    "Stadtentwicklung",
    "Soziale Arbeit",
    "Losverfahren",
    "Barrierefreiheit",
    "Jugendarbeit",
]
ROLES = ["Sprecher:in", "Vorstand", "Mitglied", "Referent:in", "Projektleitung", "Geschäftsführung"]


def _seed_small() -> None:
    if db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Person)
        .where(Person.email == "anna.mueller@demo.example.org")
    ):
        return
    rng = random.Random(40)
    orgs = _organisations()
    tags = [Tag(name=n) for n in TAGS]
    expertise = [Expertise(name=n) for n in EXPERTISE]
    db.session.add_all(tags + expertise)
    districts = list(db.session.scalars(sa.select(District)))
    db.session.flush()
    departments = [o for o in orgs if o.kind == OrganisationKind.DEPARTMENT]
    for i in range(300):
        person = _demo_person(i, rng, orgs, departments)
        person.tags = rng.sample(tags, k=rng.randint(0, 2))
        person.expertise = rng.sample(expertise, k=rng.randint(0, 2))
        person.districts = rng.sample(districts, k=min(len(districts), rng.randint(0, 1)))
        _add_history(i, rng, person)
    _add_twin(departments)
    db.session.flush()


def _organisations() -> list[Organisation]:
    """The demo departments and the other organisations, created where missing."""
    orgs = list(
        db.session.scalars(
            sa.select(Organisation).where(Organisation.kind == OrganisationKind.DEPARTMENT)
        )
    )
    for name, kind in ORGANISATIONS:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=kind, notes="")
            db.session.add(org)
        orgs.append(org)
    return orgs


def _demo_email(i: int, first: str, last: str) -> str:
    local = f"{first}.{last}".lower()
    for letter, plain in (("ü", "ue"), ("ö", "oe"), ("ø", "oe"), ("ı", "i")):
        local = local.replace(letter, plain)
    return local + ("@demo.example.org" if i < len(FIRST) else f"{i}@demo.example.org")


def _demo_person(i: int, rng, orgs: list, departments: list) -> Person:
    """Person `i`: the first ones are the departments' participation contacts."""
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]
    org = departments[i % len(departments)] if i < 2 * len(departments) else rng.choice(orgs)
    person = Person(
        first_name=first,
        last_name=last,
        email=_demo_email(i, first, last),
        phone=f"+49 421 361-{1000 + i}",
        organisation=org,
        notes="",
    )
    person.memberships = [
        Membership(
            organisation=org, role=rng.choice(ROLES), participation_contact=i < len(departments)
        )
    ]
    return person


def _add_history(i: int, rng, person: Person) -> None:
    """Last activity (a quarter inactive for years: the retention review finds them), some
    interactions and consents."""
    person.last_activity_at = utcnow() - timedelta(
        days=rng.randint(1, 5 * 365) if i % 4 == 0 else rng.randint(1, 300)
    )
    refresh_search_text(person)
    db.session.add(person)
    if i % 3 == 0:
        db.session.add(
            Interaction(
                person=person,
                kind=rng.choice(["note", "call", "meeting", "email"]),
                occurred_on=local_now().date() - timedelta(days=rng.randint(1, 400)),
                summary="Abstimmung zur Einladung für die nächste Beteiligungswerkstatt.",
            )
        )
    if i % 5 == 0:
        db.session.add(
            Consent(
                person=person,
                purpose="Newsletter Bürgerbeteiligung",
                text_version="newsletter-2026-01",
                channel="web",
            )
        )


def _add_twin(departments: list) -> None:
    """A likely duplicate for the merge demo: the same person entered twice."""
    twin = Person(
        first_name="Kathi",
        last_name="Müller",
        email="anna.mueller@demo.example.org",
        organisation=departments[0] if departments else None,
        notes="Doppelt angelegt beim Workshop.",
    )
    refresh_search_text(twin)
    db.session.add(twin)


LARGE_BATCH = 5000


def _seed_large(factor: int = 1) -> None:
    """50,000 people (times `factor`), inserted in batches of 5,000."""
    target = 50_000 * factor
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
    if existing >= target:
        return
    rng = random.Random(50)
    org_names = {o.id: o.name for o in db.session.scalars(sa.select(Organisation))}
    tag_ids = list(db.session.scalars(sa.select(Tag.id)))
    todo = target - existing
    with click.progressbar(length=todo, label="people") as bar:
        for start in range(0, todo, LARGE_BATCH):
            batch = min(LARGE_BATCH, todo - start)
            rows = [_large_row(existing + start + k, rng, org_names) for k in range(batch)]
            db.session.execute(sa.insert(Person), rows)
            _link_large_batch(rows, rng, tag_ids)
            bar.update(batch)


def _large_row(n: int, rng, org_names: dict) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    org = rng.choice(list(org_names)) if org_names else None
    email = f"person{n}@large.example.org"
    return {
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": None,
        "organisation_id": org,
        "notes": "",
        "search_text": f"{first} {last} {email} {org_names.get(org, '')}".lower(),
        "last_activity_at": utcnow() - timedelta(days=rng.randint(1, 2000)),
    }


def _link_large_batch(rows: list[dict], rng, tag_ids: list[int]) -> None:
    """Memberships of the batch just inserted, and a tag for a quarter of them."""
    new_ids = list(
        db.session.scalars(
            sa.select(Person.id)
            .where(Person.email.like("%@large.example.org"))
            .order_by(Person.id.desc())
            .limit(len(rows))
        )
    )
    memberships = [
        {
            "person_id": pid,
            "organisation_id": r["organisation_id"],
            "role": "",
            "participation_contact": False,
        }
        for pid, r in zip(sorted(new_ids), rows, strict=True)
        if r["organisation_id"]
    ]
    db.session.execute(sa.insert(Membership), memberships)
    if tag_ids:
        tagged = [
            {"person_id": pid, "tag_id": rng.choice(tag_ids)} for pid in new_ids[: len(rows) // 4]
        ]
        db.session.execute(sa.insert(person_tags), tagged)


DEPARTMENTS = [
    ("Stadtplanung", "61"),
    ("Umwelt- und Klimaschutz", "36"),
    ("Verkehr und Mobilität", "66"),
    ("Jugend, Familie und Soziales", "51"),
    ("Kultur", "41"),
    ("Bildung und Schulen", "40"),
    ("Digitalisierung", "12"),
    ("Bürgerdienste", "33"),
]


@demo_seeder("departments", order=1)
def seed_departments(scale: str) -> None:
    for name, short in DEPARTMENTS:
        get_or_create(
            Organisation, {"short_name": short}, name=name, kind=OrganisationKind.DEPARTMENT
        )
    db.session.flush()


@demo_seeder("contacts", order=20)
def seed_contacts(scale: str) -> None:
    _seed_small()
    if large_factor(scale):
        _seed_large(large_factor(scale))
