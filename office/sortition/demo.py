"""Demo assembly: a register extract and a respondent pool skewed like a real response (Kassel-like)."""

import random
from datetime import timedelta

import sqlalchemy as sa

from office.core.clock import utcnow
from office.core.models import District
from office.core.registry import demo_seeder
from office.extensions import db
from office.processes.models import Process
from office.sortition import rules
from office.sortition.models import Assembly, Quota, RegisterEntry, Respondent
from office.sortition.selection import engine
from office.sortition.services import invitations, publication, runs
from office.sortition.services import pool as pools

SLUG = "buergerrat-smart-city"
FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Elif",
    "Finn",
    "Greta",
    "Hamid",
    "Ida",
    "Jonas",
    "Karin",
    "Lars",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Rana",
    "Sven",
    "Tina",
    "Uwe",
    "Vera",
    "Yusuf",
]
LAST = [
    "Müller",
    "Schmidt",
    "Yılmaz",
    "Jensen",
    "Weber",
    "Nielsen",
    "Kowalski",
    "Fischer",
    "Hansen",
    "Becker",
    "Demir",
    "Wagner",
    "Schulz",
    "Hoffmann",
    "Petersen",
    "Koch",
]
STREETS = [
    "Hauptstraße",
    "Gartenweg",
    "Bahnhofstraße",
    "Lindenallee",
    "Am Markt",
    "Kirchgasse",
    "Schulstraße",
    "Hafenkai",
    "Bergstraße",
    "Mühlenweg",
]
#: population shares (the city) and response rates (who answers): older, more educated people
#: and people without migration background answer more often
FEATURES = {
    "age": {"16-29": (0.21, 0.6), "30-44": (0.24, 0.9), "45-64": (0.33, 1.2), "65+": (0.22, 1.4)},
    "gender": {"female": (0.51, 1.0), "male": (0.49, 0.95)},
    "education": {"low": (0.30, 0.45), "medium": (0.40, 0.9), "high": (0.30, 1.8)},
    "migration background": {"yes": (0.28, 0.5), "no": (0.72, 1.15)},
}


def _draw(rng, table, boost=1.0):
    cats = list(table)
    return rng.choices(cats, [table[c][0] * (table[c][1] if boost else 1) for c in cats])[0]


def _register_rows(assembly: Assembly, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(1, 4001):
        address = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        postcode = f"34{rng.randint(100, 139)}"
        rows.append(
            {
                "assembly_id": assembly.id,
                "external_id": f"R{i:05d}",
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "address": address,
                "postcode": postcode,
                "household_key": f"{address}|{postcode}".lower(),
            }
        )
    return rows


def _insert_pool(assembly: Assembly, pool: list[dict]) -> None:
    """The respondents, who answered yes to their invitations."""
    db.session.execute(sa.insert(Respondent), pool)
    db.session.execute(
        sa.update(RegisterEntry)
        .filter(
            RegisterEntry.assembly_id == assembly.id,
            RegisterEntry.external_id.in_([p["external_id"] for p in pool]),
        )
        .values(answer="yes")
    )


@demo_seeder("sortition: demo citizens' assembly", order=80)
def seed_sortition(scale: str) -> None:
    if db.session.scalar(sa.select(Assembly).filter_by(slug=SLUG)) is not None:
        return
    rng = random.Random(2022)
    districts = list(db.session.scalars(sa.select(District).order_by(District.name)))
    population = {d.name: d.population or 10000 for d in districts}
    assembly = Assembly(
        slug=SLUG,
        title="Bürgerrat Smart City",
        panel_size=30,
        reserve_size=10,
        household_rule=True,
        seed="2022-06-04 Lotto 6 aus 49: 3 11 19 26 33 41",
        invitation_count=1656,
        public_note="30 Bürgerinnen und Bürger beraten die Smart-City-Strategie der Stadt.",
    )
    db.session.add(assembly)
    db.session.flush()
    register = _register_rows(assembly, rng)
    db.session.execute(sa.insert(RegisterEntry), register)
    homes = {r["external_id"]: r["household_key"] for r in register}
    invited = invitations.draw_invitations(
        assembly, 1656, "2022-05-07 Lotto 6 aus 49: 5 9 17 28 36 44", True, utcnow()
    )
    # districts answer unevenly: the response rate falls with the district's position
    district_table = {d.name: (population[d.name], 1.4 - 0.1 * i) for i, d in enumerate(districts)}
    pool = []
    for i in range(1, 501):
        features = {name: _draw(rng, table) for name, table in FEATURES.items()}
        if district_table:
            features["district"] = _draw(rng, district_table)
        pool.append(
            {
                "assembly_id": assembly.id,
                "external_id": invited[i - 1],
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "contact": f"respondent{i}@example.org",
                "household_key": homes[invited[i - 1]],
                "features": features,
            }
        )
    _insert_pool(assembly, pool)
    position = 0
    shares = {name: {c: v[0] for c, v in table.items()} for name, table in FEATURES.items()}
    if district_table:
        shares["district"] = {name: v[0] for name, v in district_table.items()}
    for feature, table in shares.items():
        total = sum(table.values())
        for q in rules.quotas_from_shares(feature, table, assembly.panel_size, 1):
            db.session.add(
                Quota(
                    assembly_id=assembly.id,
                    feature=feature,
                    category=q.category,
                    minimum=q.minimum,
                    maximum=q.maximum,
                    population_share=table[q.category] / total,
                    position=position,
                )
            )
            position += 1
    db.session.flush()


KLIMA = "buergerrat-klima"


@demo_seeder("sortition: a drawn citizens' assembly (Bürgerrat Klima)", order=81)
def seed_drawn_assembly(scale: str) -> None:
    """A small assembly drawn 60 days ago, with its process, so its sessions, facilitators and
    report have a panel (office/assemblies/demo.py)."""
    if db.session.scalar(sa.select(Assembly).filter_by(slug=KLIMA)) is not None:
        return
    rng, drawn = random.Random(2040), utcnow() - timedelta(days=60)
    process = db.session.scalar(sa.select(Process).filter(Process.title.like("Bürgerrat Klima%")))
    assembly = Assembly(
        slug=KLIMA,
        title="Bürgerrat Klima",
        panel_size=8,
        reserve_size=2,
        household_rule=False,
        process=process,
        pseudonym_key="d" * 64,
        public_note="Acht ausgeloste Einwohnerinnen und Einwohner beraten, wie die Stadt bis 2040 klimaneutral wird.",
    )
    db.session.add(assembly)
    db.session.flush()
    register = [
        {
            "assembly_id": assembly.id,
            "external_id": f"K{i:03d}",
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "address": f"{rng.choice(STREETS)} {i}",
            "postcode": "34117",
            "household_key": f"k{i}",
            "language": ("de", "da", "en")[i % 3],
        }
        for i in range(1, 41)
    ]
    db.session.execute(sa.insert(RegisterEntry), register)
    invited = invitations.draw_invitations(assembly, 40, "2040 demo", False, drawn)
    people = [
        {
            "assembly_id": assembly.id,
            "external_id": invited[i],
            "name": register[i]["name"],
            "contact": f"klima{i + 1}@example.org",
            "household_key": f"k{i}",
            "features": {"gender": ("female", "male")[i % 2], "age": ("16-44", "45+")[i % 3 == 0]},
        }
        for i in range(20)
    ]
    _insert_pool(assembly, people)
    pools.save_quotas(
        assembly,
        [
            {
                "feature": "gender",
                "category": "female",
                "minimum": 4,
                "maximum": 4,
                "population_share": 0.5,
            },
            {
                "feature": "gender",
                "category": "male",
                "minimum": 4,
                "maximum": 4,
                "population_share": 0.5,
            },
            {
                "feature": "age",
                "category": "16-44",
                "minimum": 4,
                "maximum": 6,
                "population_share": 0.6,
            },
            {
                "feature": "age",
                "category": "45+",
                "minimum": 2,
                "maximum": 4,
                "population_share": 0.4,
            },
        ],
    )
    run = runs.start_run(assembly, "leximin", "", None, drawn)
    pool = pools.rule_pool(assembly)
    computed = engine.compute(
        pool,
        pools.rule_quotas(assembly),
        assembly.panel_size,
        algorithm="leximin",
        household_rule=False,
    )
    publication.store_computed(run, computed, pool, drawn)
    publication.publish_commitment(run, "Demo: the numbers of a lottery draw", None, drawn)
    publication.enter_seed(run, "4 8 15 16 23 42", None, drawn)
    assembly.published = True
    db.session.flush()
