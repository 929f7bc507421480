"""Demo data: events over the coming three months, some recurring (20,000 at scale "large")."""

import random
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import insert

from office.core.clock import office_tz, utcnow
from office.core.models import District, Topic
from office.core.registry import demo_seeder, large_factor
from office.directory.models import Initiative
from office.events import rules
from office.events.models import Event, event_topics
from office.events.services import occurrences
from office.extensions import db

#: (title, organiser kind, organiser name, weekday offset, hour, hours, frequency, topic slugs)
EVENTS = [
    (
        "Stadtteilspaziergang: Neue Wege am Hafen",
        "office",
        "Büro für Bürgerbeteiligung",
        3,
        16,
        2,
        "none",
        ["urban-development", "mobility"],
    ),
    (
        "Sprechstunde Bürgerbeteiligung",
        "office",
        "Büro für Bürgerbeteiligung",
        1,
        15,
        2,
        "weekly",
        ["urban-development"],
    ),
    (
        "Workshop: Beteiligung gut planen",
        "office",
        "Büro für Bürgerbeteiligung",
        9,
        9,
        7,
        "none",
        ["education"],
    ),
    (
        "Infoabend Radverkehrskonzept",
        "department",
        "Verkehr und Mobilität",
        12,
        18,
        2,
        "none",
        ["mobility"],
    ),
    (
        "Klimacafé",
        "department",
        "Umwelt- und Klimaschutz",
        5,
        17,
        2,
        "monthly_weekday",
        ["climate"],
    ),
    (
        "Sitzung des Seniorenbeirats",
        "board",
        "Seniorenbeirat",
        14,
        10,
        2,
        "monthly_weekday",
        ["seniors"],
    ),
    (
        "Stadtteilfest Gartenstadt",
        "office",
        "Büro für Bürgerbeteiligung",
        20,
        0,
        0,
        "allday",
        ["culture", "social"],
    ),
    (
        "Bürgerdialog Wohnen im Quartier",
        "department",
        "Stadtplanung",
        25,
        18,
        3,
        "none",
        ["housing", "urban-development"],
    ),
    (
        "Borgermøde om den nye havnepark",
        "office",
        "Borgerinddragelse",
        16,
        19,
        2,
        "none",
        ["urban-development", "environment"],
    ),
    ("Jugendbeirat: offene Sitzung", "board", "Jugendbeirat", 8, 17, 2, "monthly_date", ["youth"]),
]

INITIATIVE_EVENTS = [
    ("Gemeinsames Gärtnern", "Nachbarschaftsgarten Nordstadt", 2, 16, 3, "weekly", ["environment"]),
    (
        "Repair-Café",
        "Repair-Café Südstadt",
        6,
        10,
        3,
        "monthly_weekday",
        ["environment", "climate"],
    ),
    ("Sprachcafé", "Sprachcafé Babel", 4, 18, 2, "weekly", ["integration"]),
    ("Fællesspisning", "Madfællesskabet Nordvest", 3, 18, 2, "weekly", ["social"]),
    ("Cykelreparation", "Cykelværkstedet Vesterbro", 2, 16, 3, "weekly", ["mobility"]),
    ("Lesung im Kiosk", "Kulturkiosk Südstadt", 18, 19, 2, "none", ["culture"]),
    ("Lauftreff", "Lauftreff Hügelviertel", 3, 18, 1, "weekly", ["sport", "health"]),
    ("Baumgießaktion", "Baumpaten Altstadt", 10, 17, 2, "none", ["environment"]),
]


def _make(
    title,
    kind,
    name,
    initiative,
    day_offset,
    hour,
    hours,
    frequency,
    topic_objs,
    district,
    today,
    tz,
):
    day = today + timedelta(days=day_offset)
    if frequency == "allday":
        start = rules.local_midnight(day, tz)
        end = rules.local_midnight(day + timedelta(days=1), tz)
        all_day, frequency = True, "none"
    else:
        start = datetime.combine(day, time(hour), tzinfo=tz)
        end = start + timedelta(hours=hours)
        all_day = False
    until = today + timedelta(days=90) if frequency != "none" else None
    rrule = rules.build_rrule(frequency, 1, start, None, until)
    return Event(
        title=title,
        description=f"{title} – alle sind willkommen. Alle er velkomne.",
        start_at=start,
        end_at=end,
        all_day=all_day,
        rrule=rrule,
        exdates=[],
        series_end_at=rules.series_end(start, end, rrule, tz),
        location=f"Stadtteilzentrum {district.name}" if district else "",
        district=district,
        topics=topic_objs,
        organiser_kind=kind,
        organiser_name=name if initiative is None else "",
        initiative=initiative,
        accessibility="Stufenloser Zugang" if hour % 2 else "",
        capacity=20 if title.startswith("Workshop") else None,
        status="published",
    )


@demo_seeder("events", order=45)
def seed_events(scale: str) -> None:
    existing = set(db.session.scalars(sa.select(Event.title)))
    if not existing & {e[0] for e in EVENTS}:
        tz = office_tz()
        today = utcnow().astimezone(tz).date()
        districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
        topics = {t.slug: t for t in db.session.scalars(sa.select(Topic))}
        initiatives = {i.name: i for i in db.session.scalars(sa.select(Initiative))}
        rnd = random.Random(7)
        for title, kind, name, offset, hour, hours, freq, slugs in EVENTS:
            db.session.add(
                _make(
                    title,
                    kind,
                    name,
                    None,
                    offset,
                    hour,
                    hours,
                    freq,
                    [topics[s] for s in slugs if s in topics],
                    rnd.choice(districts),
                    today,
                    tz,
                )
            )
        for title, ini_name, offset, hour, hours, freq, slugs in INITIATIVE_EVENTS:
            initiative = initiatives.get(ini_name)
            if initiative is None:
                continue
            district = initiative.districts[0] if initiative.districts else None
            db.session.add(
                _make(
                    title,
                    "initiative",
                    "",
                    initiative,
                    offset,
                    hour,
                    hours,
                    freq,
                    [topics[s] for s in slugs if s in topics],
                    district,
                    today,
                    tz,
                )
            )
        db.session.flush()
    if large_factor(scale):
        _seed_large(large_factor(scale))


LARGE_COUNT = 20000


def _seed_large(factor: int = 1) -> None:
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Event))
    missing = LARGE_COUNT * factor - have
    if missing <= 0:
        return
    tz = office_tz()
    today = utcnow().astimezone(tz).date()
    rnd = random.Random(77)
    district_ids = list(db.session.scalars(sa.select(District.id)))
    topic_ids = list(db.session.scalars(sa.select(Topic.id)))
    initiative_ids = list(
        db.session.scalars(
            sa.select(Initiative.id).where(Initiative.status == "published").limit(2000)
        )
    )
    now = utcnow()
    start_id = (db.session.scalar(sa.select(sa.func.max(Event.id))) or 0) + 1
    batch = 2000
    for offset in range(0, missing, batch):
        ids = range(start_id + offset, start_id + min(offset + batch, missing))
        rows = []
        for i in ids:
            day = today + timedelta(days=rnd.randint(-60, 120))
            start = datetime.combine(day, time(rnd.choice([10, 14, 17, 18, 19])), tzinfo=tz)
            end = start + timedelta(hours=rnd.choice([1, 2, 3]))
            recurring = i % 10 == 0
            rrule = rules.build_rrule("weekly", 1, start, 8, None) if recurring else ""
            initiative_id = rnd.choice(initiative_ids) if initiative_ids and i % 2 else None
            rows.append(
                {
                    "id": i,
                    "title": f"Demo-Termin {i}",
                    "description": "",
                    "start_at": start.astimezone(UTC),
                    "end_at": end.astimezone(UTC),
                    "all_day": False,
                    "rrule": rrule,
                    "exdates": [],
                    "series_end_at": rules.series_end(start, end, rrule, tz),
                    "location": "",
                    "online_url": "",
                    "district_id": rnd.choice(district_ids),
                    "organiser_kind": "initiative" if initiative_id else "office",
                    "organiser_name": "" if initiative_id else "Büro für Bürgerbeteiligung",
                    "initiative_id": initiative_id,
                    "accessibility": "",
                    "registration_url": "",
                    "status": "published",
                    "moderation_note": "",
                    "needs_review": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Event), rows)
        db.session.execute(
            insert(event_topics), [{"event_id": i, "topic_id": rnd.choice(topic_ids)} for i in ids]
        )
        db.session.flush()
        occurrences.store_inserted(ids[0], ids[-1])
        print(f"  events: {min(offset + batch, missing):,} of {missing:,}", flush=True)  # noqa: T201
