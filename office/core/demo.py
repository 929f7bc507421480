"""Demo data shared by every module: districts, topics, departments and one user per role."""

import sqlalchemy as sa

from office.core.clock import utcnow
from office.core.models import District, Topic
from office.core.registry import demo_seeder
from office.extensions import db

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed by `make run` for trying the demo

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

#: (email, name, roles, department short name)
USERS = [
    ("admin@example.org", "Ada Admin", ["admin"], None),
    ("staff@example.org", "Sven Stabsstelle", ["office_staff"], None),
    ("staff2@example.org", "Mette Madsen", ["office_staff"], None),
    ("department@example.org", "Dana Fachbereich", ["department_staff"], "61"),
    ("mobility@example.org", "Jonas Verkehr", ["department_staff"], "66"),
    ("initiative@example.org", "Ingrid Initiativ", ["initiative_rep"], None),
    ("board@example.org", "Bent Beirat", ["board_member"], None),
]


def get_or_create(model, defaults=None, **keys):
    obj = db.session.scalar(sa.select(model).filter_by(**keys))
    if obj is None:
        obj = model(**keys, **(defaults or {}))
        db.session.add(obj)
        db.session.flush()
    return obj


@demo_seeder("districts, topics, departments, users", order=0)
def seed_core(scale: str) -> None:
    from office.auth.models import User
    from office.contacts.models import Organisation

    for name, population in DISTRICTS:
        slug = (
            name.lower().replace(" ", "-").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        )
        get_or_create(District, {"slug": slug, "population": population}, name=name)
    for slug, de, da, en in TOPICS:
        get_or_create(Topic, {"name_de": de, "name_da": da, "name_en": en}, slug=slug)
    departments = {}
    for name, short in DEPARTMENTS:
        departments[short] = get_or_create(
            Organisation, {"short_name": short}, name=name, kind="department"
        )
    for email, name, roles, department in USERS:
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        if user is None:
            user = User(
                email=email,
                name=name,
                organisation=departments.get(department),
                email_confirmed_at=utcnow(),
            )
            user.set_password(DEMO_PASSWORD)
            user.set_roles(roles)
            db.session.add(user)
    db.session.flush()


def demo_accounts() -> list[tuple[str, str]]:
    return [(email, ", ".join(roles)) for email, _name, roles, _dep in USERS]
