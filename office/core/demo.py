"""Demo data shared by every module: districts and topics; `get_or_create` for the seeders."""

import sqlalchemy as sa

from office.core.models import District, Topic
from office.core.registry import demo_seeder
from office.extensions import db

DISTRICTS = [
    ("Altstadt", 18400),
    ("Nordstadt", 31200),
    ("Südstadt", 27900),
    ("Weststadt", 24300),
    ("Oststadt", 22100),
    ("Am Hafen", 9800),
    ("Gartenstadt", 15600),
    ("Hügelviertel", 12700),
]

TOPICS = [
    ("mobility", "Mobilität", "Mobilitet", "Mobility"),
    ("climate", "Klima", "Klima", "Climate"),
    ("urban-development", "Stadtentwicklung", "Byudvikling", "Urban development"),
    ("social", "Soziales", "Socialt", "Social affairs"),
    ("culture", "Kultur", "Kultur", "Culture"),
    ("education", "Bildung", "Uddannelse", "Education"),
    ("youth", "Jugend", "Unge", "Youth"),
    ("seniors", "Senioren", "Seniorer", "Seniors"),
    ("digital", "Digitales", "Digitalisering", "Digital"),
    ("health", "Gesundheit", "Sundhed", "Health"),
    ("housing", "Wohnen", "Bolig", "Housing"),
    ("environment", "Umwelt", "Miljø", "Environment"),
    ("sport", "Sport", "Idræt", "Sport"),
    ("integration", "Integration", "Integration", "Integration"),
]


def get_or_create(model, defaults=None, **keys):
    obj = db.session.scalar(sa.select(model).filter_by(**keys))
    if obj is None:
        obj = model(**keys, **(defaults or {}))
        db.session.add(obj)
        db.session.flush()
    return obj


@demo_seeder("districts and topics", order=0)
def seed_core(scale: str) -> None:
    for name, population in DISTRICTS:
        slug = (
            name.lower().replace(" ", "-").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        )
        get_or_create(District, {"slug": slug, "population": population}, name=name)
    for slug, de, da, en in TOPICS:
        get_or_create(Topic, {"name_de": de, "name_da": da, "name_en": en}, slug=slug)
    db.session.flush()
