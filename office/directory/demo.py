"""Demo data: about fifty initiatives with German and Danish names (5,000 at scale "large")."""

import json
import random
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import insert

from office.auth.models import User
from office.contacts.models import Organisation
from office.core.clock import utcnow
from office.core.models import District, Topic
from office.core.registry import demo_seeder, large_factor
from office.directory.models import (
    Initiative,
    InitiativeLanguage,
    Representative,
    initiative_districts,
    initiative_topics,
)
from office.extensions import db

#: (name, short description, topic slugs, languages), in office/directory/demo_initiatives.json
INITIATIVES = json.loads((Path(__file__).parent / "demo_initiatives.json").read_text("utf-8"))

DEMO_REP = "initiative@example.org"


def _choose(rnd: random.Random, items, k):
    return rnd.sample(items, min(k, len(items)))


PLACES = ["Stadtteilzentrum", "Gemeindehaus", "Bibliotek", "Bürgerhaus"]
TIMES = [
    "Dienstags 19 Uhr",
    "Jeden ersten Samstag, 10–13 Uhr",
    "Torsdage kl. 17",
    "Mittwochs 16 Uhr",
]
ACCESS = ["", "Stufenloser Zugang, barrierefreies WC", "Elevator og handicaptoilet"]


def _practicalities(rnd: random.Random, districts) -> dict:
    """Where and when a demo initiative meets (drawn in a fixed order: the demo stays the same)."""
    return {
        "meeting_place": f"{rnd.choice(PLACES)} {rnd.choice(districts).name}",
        "meeting_times": rnd.choice(TIMES),
        "accessibility": rnd.choice(ACCESS),
        "founded_year": rnd.randint(1960, 2025),
        "districts": _choose(rnd, districts, rnd.randint(1, 2)),
    }


def _initiative(n: int, entry, rnd: random.Random, districts, topics, now) -> Initiative:
    name, short, topic_slugs, langs = entry
    # a few wait for moderation, so the queue has something to show
    published = n % 17 != 5
    initiative = Initiative(
        name=name,
        short_description=short,
        description=short,
        status="published" if published else "pending",
        submitted_at=now,
        published_at=now if published else None,
        **_practicalities(rnd, districts),
        topics=[topics[s] for s in topic_slugs if s in topics],
        languages=[InitiativeLanguage(code=c) for c in langs],
    )
    if published:
        initiative.organisation = Organisation(name=name, kind="initiative")
    return initiative


@demo_seeder("initiatives", order=40)
def seed_initiatives(scale: str) -> None:
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    topics = {t.slug: t for t in db.session.scalars(sa.select(Topic))}
    rep = db.session.scalar(sa.select(User).filter_by(email=DEMO_REP))
    existing = set(db.session.scalars(sa.select(Initiative.name)))
    rnd, now = random.Random(5), utcnow()
    for n, entry in enumerate(INITIATIVES):
        if entry[0] in existing:
            continue
        initiative = _initiative(n, entry, rnd, districts, topics, now)
        if rep is not None and n < 3:
            initiative.representatives = [Representative(user=rep)]
        db.session.add(initiative)
    db.session.flush()
    if large_factor(scale):
        _seed_large(districts, list(topics.values()), large_factor(scale))


LARGE_COUNT = 5000
PREFIXES = [
    "Nachbarschaftstreff",
    "Bürgerinitiative",
    "Fællesskab",
    "Forening",
    "Netzwerk",
    "Werkstatt",
    "Café",
    "Gruppe",
]
THEMES = [
    "Grün",
    "Rad",
    "Kultur",
    "Sprachen",
    "Spiel",
    "Klima",
    "Hjælp",
    "Wohnen",
    "Musik",
    "Sport",
]


#: a bulk-inserted initiative's columns besides id and name
LARGE_ROW = {
    "short_description": "Demo-Initiative für Lasttests.",
    "description": "",
    "meeting_place": "",
    "meeting_times": "",
    "accessibility": "",
    "website": "",
    "contact_email": "",
    "status": "published",
    "moderation_note": "",
}


def _insert_batch(ids: range, rnd: random.Random, districts, topics, now) -> None:
    stamps = dict.fromkeys(("submitted_at", "published_at", "created_at", "updated_at"), now)
    rows = [
        {
            "id": i,
            "name": f"{rnd.choice(PREFIXES)} {rnd.choice(THEMES)} {rnd.choice(districts).name} {i}",
            **LARGE_ROW,
            **stamps,
        }
        for i in ids
    ]
    db.session.execute(insert(Initiative), rows)
    links = [{"initiative_id": i, "district_id": rnd.choice(districts).id} for i in ids]
    db.session.execute(insert(initiative_districts), links)
    links = [{"initiative_id": i, "topic_id": t.id} for i in ids for t in rnd.sample(topics, 2)]
    db.session.execute(insert(initiative_topics), links)
    languages = [{"initiative_id": i, "code": rnd.choice(["de", "da", "en"])} for i in ids]
    db.session.execute(insert(InitiativeLanguage), languages)
    db.session.flush()


def _seed_large(districts, topics, factor: int = 1) -> None:
    missing = LARGE_COUNT * factor - db.session.scalar(
        sa.select(sa.func.count()).select_from(Initiative)
    )
    rnd, now, batch = random.Random(55), utcnow(), 1000
    start_id = (db.session.scalar(sa.select(sa.func.max(Initiative.id))) or 0) + 1
    for offset in range(0, max(missing, 0), batch):
        ids = range(start_id + offset, start_id + min(offset + batch, missing))
        _insert_batch(ids, rnd, districts, topics, now)
        print(f"  initiatives: {min(offset + batch, missing):,} of {missing:,}", flush=True)  # noqa: T201
