"""Demo data: about fifty initiatives with German and Danish names (5,000 at scale "large")."""

import random

import sqlalchemy as sa
from sqlalchemy import insert

from office.auth.models import User
from office.contacts.models import Organisation
from office.core.clock import utcnow
from office.core.models import District, Topic
from office.core.registry import demo_seeder
from office.directory.models import (
    Initiative,
    InitiativeLanguage,
    Representative,
    initiative_districts,
    initiative_topics,
)
from office.extensions import db

#: (name, short description, topic slugs, languages)
INITIATIVES = [
    (
        "Nachbarschaftsgarten Nordstadt",
        "Wir gärtnern gemeinsam auf der Brache an der Gleisstraße – Beete für alle.",
        ["environment", "social"],
        ["de", "tr"],
    ),
    (
        "Repair-Café Südstadt",
        "Kaputt? Nicht wegwerfen! Jeden ersten Samstag reparieren wir zusammen.",
        ["environment", "climate"],
        ["de", "en"],
    ),
    (
        "Initiative Lebenswerte Altstadt",
        "Für weniger Durchgangsverkehr und mehr Aufenthaltsqualität in der Altstadt.",
        ["mobility", "urban-development"],
        ["de"],
    ),
    (
        "Lastenrad-Verleih Freie Lasten",
        "Kostenlose Lastenräder zum Ausleihen in fünf Stadtteilen.",
        ["mobility", "climate"],
        ["de", "en"],
    ),
    (
        "Seniorentreff Gartenstadt e. V.",
        "Kaffee, Kartenspiel und Ausflüge für Menschen ab 60.",
        ["seniors", "social"],
        ["de"],
    ),
    (
        "Jugendforum Weststadt",
        "Junge Leute bringen ihre Ideen für den Stadtteil ein.",
        ["youth", "urban-development"],
        ["de", "ar"],
    ),
    (
        "Mietertreff Am Hafen",
        "Beratung und Austausch rund ums Wohnen und die Nebenkosten.",
        ["housing", "social"],
        ["de", "tr", "ru"],
    ),
    (
        "Willkommensnetz Oststadt",
        "Ehrenamtliche begleiten Neuankommende bei Behördengängen und im Alltag.",
        ["integration", "social"],
        ["de", "ar", "fa", "uk"],
    ),
    (
        "Sprachcafé Babel",
        "Sprachen lernen im Gespräch – bei Tee und Gebäck.",
        ["integration", "education"],
        ["de", "ar", "uk", "en"],
    ),
    (
        "Bürgerverein Hügelviertel",
        "Seit 1962 für das Hügelviertel: Feste, Anliegen, Nachbarschaft.",
        ["urban-development", "culture"],
        ["de"],
    ),
    (
        "Foodsharing Altstadt",
        "Lebensmittel retten statt wegwerfen – mit Fairteilern im Stadtteil.",
        ["environment", "social"],
        ["de", "en"],
    ),
    (
        "Kulturkiosk Südstadt",
        "Lesungen, Konzerte und offene Bühne im alten Kiosk.",
        ["culture"],
        ["de"],
    ),
    (
        "Radentscheid unserer Stadt",
        "Sichere Radwege für alle Altersgruppen.",
        ["mobility"],
        ["de", "en"],
    ),
    (
        "Elterninitiative Kita Sonnenblume",
        "Eltern gestalten die Kita mit: Garten, Feste, Elternabende.",
        ["education", "youth"],
        ["de", "pl"],
    ),
    (
        "Digital-Paten Nordstadt",
        "Hilfe mit Smartphone, Tablet und Online-Terminen.",
        ["digital", "seniors"],
        ["de"],
    ),
    (
        "Stadtteilchor Weststadt",
        "Wir singen alles von Volkslied bis Pop – Noten lesen nicht nötig.",
        ["culture"],
        ["de"],
    ),
    (
        "Klimawerkstatt Oststadt",
        "Balkonkraftwerke, Wärmepumpen, Sparen: wir probieren es aus.",
        ["climate", "environment"],
        ["de", "en"],
    ),
    (
        "Tafel-Ausgabestelle Am Hafen",
        "Lebensmittelausgabe jeden Dienstag und Freitag.",
        ["social"],
        ["de", "ar", "ru"],
    ),
    (
        "Spielplatzpaten Gartenstadt",
        "Wir halten die Spielplätze sauber und melden Schäden.",
        ["youth", "environment"],
        ["de"],
    ),
    (
        "Geschichtswerkstatt Altstadt",
        "Wir erforschen die Geschichte unserer Straßen und Häuser.",
        ["culture", "education"],
        ["de"],
    ),
    (
        "Lauftreff Hügelviertel",
        "Gemeinsam laufen für alle Tempi, jeden Donnerstag.",
        ["sport", "health"],
        ["de"],
    ),
    (
        "Frauenfrühstück Nordstadt",
        "Ein Ort zum Austausch für Frauen aller Herkunft.",
        ["integration", "social"],
        ["de", "tr", "ar"],
    ),
    (
        "Inklusives Sportfest e. V.",
        "Sport mit und ohne Behinderung – jedes Jahr im Juni.",
        ["sport", "health"],
        ["de"],
    ),
    (
        "Stadtbienen Südstadt",
        "Bienenvölker auf Dächern und Wissen rund um Wildbienen.",
        ["environment"],
        ["de"],
    ),
    (
        "Hausaufgabenhilfe Weststadt",
        "Studierende helfen Schulkindern bei den Hausaufgaben.",
        ["education", "youth"],
        ["de", "ar", "tr"],
    ),
    (
        "Nachbarschaftshilfe Oststadt",
        "Einkaufen, Begleitung zum Arzt, kleine Reparaturen.",
        ["social", "seniors"],
        ["de"],
    ),
    (
        "Skatepark jetzt!",
        "Jugendliche setzen sich für einen Skatepark am Hafen ein.",
        ["youth", "sport"],
        ["de", "en"],
    ),
    (
        "Offene Werkstatt Holz & Metall",
        "Werkzeug und Anleitung für eigene Projekte.",
        ["education", "culture"],
        ["de"],
    ),
    (
        "Gemeinschaftswohnen Gartenstadt",
        "Eine Gruppe plant ein generationenübergreifendes Wohnprojekt.",
        ["housing", "seniors"],
        ["de"],
    ),
    (
        "Baumpaten Altstadt",
        "Wir gießen Stadtbäume in trockenen Sommern.",
        ["environment", "climate"],
        ["de"],
    ),
    (
        "Fælleshaven Nørrebro",
        "Vi dyrker grøntsager sammen i gården bag biblioteket.",
        ["environment", "social"],
        ["da", "en"],
    ),
    (
        "Cykelværkstedet Vesterbro",
        "Gratis hjælp til at reparere din cykel hver onsdag.",
        ["mobility", "climate"],
        ["da", "en"],
    ),
    (
        "Ældresagen Lokalafdeling Nord",
        "Fællesskab, foredrag og udflugter for seniorer.",
        ["seniors", "social"],
        ["da"],
    ),
    (
        "Ungdomsrådet Syd",
        "Unge giver deres mening til kende om byens udvikling.",
        ["youth", "urban-development"],
        ["da"],
    ),
    (
        "Lejerforeningen Havnen",
        "Rådgivning om husleje, vedligeholdelse og beboerdemokrati.",
        ["housing"],
        ["da", "en", "ar"],
    ),
    (
        "Sprogcafé Mødestedet",
        "Øv dansk i hyggelige rammer med frivillige.",
        ["integration", "education"],
        ["da", "ar", "uk", "so"],
    ),
    (
        "Grøn Omstilling Østerbro",
        "Lokale klimaløsninger – fra solceller til delebiler.",
        ["climate", "environment"],
        ["da", "en"],
    ),
    (
        "Borgerforeningen Bakkekvarteret",
        "Vi samler naboer om fester, høringer og lokale sager.",
        ["urban-development", "culture"],
        ["da"],
    ),
    (
        "Lektiecafé Vest",
        "Frivillige hjælper skolebørn med lektierne.",
        ["education", "youth"],
        ["da", "ar", "so"],
    ),
    (
        "Madfællesskabet Nordvest",
        "Fællesspisning hver torsdag – alle er velkomne.",
        ["social", "integration"],
        ["da", "en"],
    ),
    ("Kvarterets Kor", "Vi synger sammen uanset erfaring.", ["culture"], ["da"]),
    (
        "Løbeklubben Søerne",
        "Fælles løb for alle niveauer tre gange om ugen.",
        ["sport", "health"],
        ["da", "en"],
    ),
    (
        "Digital Hjælp Amager",
        "Hjælp til MitID, e-Boks og digitale blanketter.",
        ["digital", "seniors"],
        ["da"],
    ),
    (
        "Bydelsmødrene Øst",
        "Kvinder hjælper kvinder med viden om samfundet.",
        ["integration", "social"],
        ["da", "ar", "tr", "so"],
    ),
    (
        "Skatere for Havneparken",
        "Unge der arbejder for et skateanlæg ved havnen.",
        ["youth", "sport"],
        ["da"],
    ),
    (
        "Cykelnetværket Trafiksikker By",
        "Sikre skoleveje og bedre cykelstier.",
        ["mobility", "youth"],
        ["da", "de"],
    ),
    (
        "Det Grønne Værksted",
        "Genbrug, upcycling og workshops for børn og voksne.",
        ["environment", "education"],
        ["da"],
    ),
    ("Teatergruppen Baggården", "Amatørteater med plads til alle.", ["culture"], ["da", "en"]),
    (
        "Naboskab Gartenstadt – Naboskab",
        "Deutsch-dänische Nachbarschaftsgruppe: Treffen, Ausflüge, Sprachtausch.",
        ["integration", "culture"],
        ["de", "da"],
    ),
    (
        "Inklusionsrat Weststadt",
        "Menschen mit Behinderung beraten bei Planungen im Stadtteil.",
        ["health", "urban-development"],
        ["de"],
    ),
]

DEMO_REP = "initiative@example.org"


def _choose(rnd: random.Random, items, k):
    return rnd.sample(items, min(k, len(items)))


@demo_seeder("initiatives", order=40)
def seed_initiatives(scale: str) -> None:
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    topics = {t.slug: t for t in db.session.scalars(sa.select(Topic))}
    rep = db.session.scalar(sa.select(User).filter_by(email=DEMO_REP))
    existing = set(db.session.scalars(sa.select(Initiative.name)))
    rnd = random.Random(5)
    now = utcnow()
    for n, (name, short, topic_slugs, langs) in enumerate(INITIATIVES):
        if name in existing:
            continue
        # a few wait for moderation, so the queue has something to show
        status = "pending" if n % 17 == 5 else "published"
        initiative = Initiative(
            name=name,
            short_description=short,
            description=short,
            status=status,
            submitted_at=now,
            published_at=now if status == "published" else None,
            meeting_place=f"{rnd.choice(['Stadtteilzentrum', 'Gemeindehaus', 'Bibliotek', 'Bürgerhaus'])} {rnd.choice(districts).name}",
            meeting_times=rnd.choice(
                [
                    "Dienstags 19 Uhr",
                    "Jeden ersten Samstag, 10–13 Uhr",
                    "Torsdage kl. 17",
                    "Mittwochs 16 Uhr",
                ]
            ),
            accessibility=rnd.choice(
                ["", "Stufenloser Zugang, barrierefreies WC", "Elevator og handicaptoilet"]
            ),
            founded_year=rnd.randint(1960, 2025),
            districts=_choose(rnd, districts, rnd.randint(1, 2)),
            topics=[topics[s] for s in topic_slugs if s in topics],
            languages=[InitiativeLanguage(code=c) for c in langs],
        )
        if status == "published":
            initiative.organisation = Organisation(name=name, kind="initiative")
        if rep is not None and n < 3:
            initiative.representatives = [Representative(user=rep)]
        db.session.add(initiative)
    db.session.flush()
    if scale == "large":
        _seed_large(districts, list(topics.values()))


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


def _seed_large(districts, topics) -> None:
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))
    missing = LARGE_COUNT - have
    if missing <= 0:
        return
    rnd = random.Random(55)
    now = utcnow()
    batch = 1000
    start_id = (db.session.scalar(sa.select(sa.func.max(Initiative.id))) or 0) + 1
    for offset in range(0, missing, batch):
        ids = range(start_id + offset, start_id + min(offset + batch, missing))
        rows = [
            {
                "id": i,
                "name": f"{rnd.choice(PREFIXES)} {rnd.choice(THEMES)} {rnd.choice(districts).name} {i}",
                "short_description": "Demo-Initiative für Lasttests.",
                "description": "",
                "meeting_place": "",
                "meeting_times": "",
                "accessibility": "",
                "website": "",
                "contact_email": "",
                "status": "published",
                "moderation_note": "",
                "submitted_at": now,
                "published_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for i in ids
        ]
        db.session.execute(insert(Initiative), rows)
        db.session.execute(
            insert(initiative_districts),
            [{"initiative_id": i, "district_id": rnd.choice(districts).id} for i in ids],
        )
        db.session.execute(
            insert(initiative_topics),
            [{"initiative_id": i, "topic_id": t.id} for i in ids for t in rnd.sample(topics, 2)],
        )
        db.session.execute(
            insert(InitiativeLanguage),
            [{"initiative_id": i, "code": rnd.choice(["de", "da", "en"])} for i in ids],
        )
        db.session.flush()
        print(f"  initiatives: {min(offset + batch, missing):,} of {missing:,}", flush=True)  # noqa: T201
