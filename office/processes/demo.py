"""Demo processes: planned and running ones, and a citizens' assembly with answered recommendations."""

import json
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import click
import sqlalchemy as sa

from office.contacts.models import Organisation
from office.core.clock import local_now
from office.core.models import District, Topic
from office.core.registry import demo_seeder, large_factor
from office.extensions import db
from office.methods.models import Method
from office.processes.models import (
    CommentStatus,
    ImplementationUpdate,
    MinorityStatement,
    Phase,
    Process,
    Recommendation,
    RecommendationComment,
    RecommendationStage,
    process_districts,
    process_topics,
)

#: the demo data, in office/processes/demo_processes.json
_DATA = json.loads((Path(__file__).parent / "demo_processes.json").read_text("utf-8"))

#: (title, summary, status, level, department code, method slugs, districts, topics, start offset days, cost)
PROCESSES = _DATA["processes"]

#: (title, text, minority statement, answer, department code, progress, implementation, the
#: assembly's vote: for, against, abstained of 48 members)
RECOMMENDATIONS = _DATA["recommendations"]

#: the committee's reasons, by recommendation number (as text)
RATIONALES = _DATA["rationales"]


def _lookups() -> dict:
    """The rows the demo processes refer to, by the keys the demo data uses."""
    departments = sa.select(Organisation).where(Organisation.kind == "department")
    return {
        "departments": {o.short_name: o for o in db.session.scalars(departments)},
        "methods": {m.slug: m for m in db.session.scalars(sa.select(Method))},
        "districts": {d.name: d for d in db.session.scalars(sa.select(District))},
        "topics": {t.slug: t for t in db.session.scalars(sa.select(Topic))},
    }


def _phases(start) -> list[Phase]:
    meeting = start + timedelta(days=45)
    return [
        Phase(title="Vorbereitung", starts_on=start, ends_on=start + timedelta(days=30)),
        Phase(
            title="Öffentliche Veranstaltung",
            starts_on=meeting,
            ends_on=meeting,
            is_public_meeting=True,
            location="Rathaus, Großer Saal",
        ),
        Phase(
            title="Auswertung und Bericht",
            starts_on=start + timedelta(days=50),
            ends_on=start + timedelta(days=110),
        ),
    ]


def _process(i: int, entry: tuple, refs: dict, today) -> Process:
    title, summary, status, level, dep, mslugs, dnames, tslugs, offset, cost = entry
    start = today + timedelta(days=offset)
    return Process(
        title=title,
        summary=summary,
        status=status,
        level=level,
        lead_department=refs["departments"].get(dep),
        is_public=i != len(PROCESSES) - 1,
        methods=[refs["methods"][s] for s in mslugs if s in refs["methods"]],
        districts=[refs["districts"][n] for n in dnames if n in refs["districts"]],
        topics=[refs["topics"][s] for s in tslugs if s in refs["topics"]],
        cost_estimate=Decimal(cost) if cost else None,
        council_reference=f"DS {2026 - (offset < -200)}/{140 + i:04d}" if cost else "",
        phases=_phases(start),
        starts_on=start,
        ends_on=start + timedelta(days=110),
    )


def _recommendation(n: int, entry: tuple, refs: dict, today) -> Recommendation:
    title, text, minority, answer, dep, progress, implementation, votes = entry
    answered = answer != "pending"
    votes_for, votes_against, votes_abstained = votes
    rec = Recommendation(
        number=n,
        title=title,
        text=text,
        answer=answer,
        stage=RecommendationStage.FINAL,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        finalised_on=today - timedelta(days=200),
        minority_statements=[MinorityStatement(text=minority, supporters=votes_against)]
        if minority
        else [],
        answer_rationale=RATIONALES.get(str(n), ""),
        answer_committee="Ausschuss für Klima und Umwelt" if answered else "",
        answered_on=today - timedelta(days=120) if answered else None,
        # one pending answer is overdue, the other still within its deadline
        answer_due_on=today - timedelta(days=150 if n == 5 else -30),
        department=refs["departments"].get(dep),
        due_on=today + timedelta(days=365),
        progress=progress,
        implementation=implementation,
    )
    if answer in ("accepted", "partly"):
        note = "Ausschreibung vorbereitet; Zwischenbericht an den Ausschuss."
        rec.updates = [
            ImplementationUpdate(
                reported_on=today - timedelta(days=30), progress=progress, note=note
            )
        ]
    return rec


def _drafts(after: int, today) -> list[Recommendation]:
    """A draft open for comment (one comment published, one waiting) and one still in work."""
    now, published = local_now(), CommentStatus.PUBLISHED
    comments = [
        RecommendationComment(
            name="Aylin K.",
            email="aylin@example.org",
            status=published,
            text="Bitte auch an Mieterinnen und Mieter denken: Wer bekommt die Förderung?",
            consented_at=now,
            moderated_at=now,
        ),
        RecommendationComment(
            name="Jens",
            email="jens@example.org",
            consented_at=now,
            text="Die Beratung sollte es auch auf Türkisch und Russisch geben.",
        ),
    ]
    return [
        Recommendation(
            number=after + 1,
            title="Wärmepumpen-Beratung in jedem Stadtteil",
            text="Jeder Stadtteil erhält eine kostenlose Energieberatung, auch zu Mieterstrom.",
            stage=RecommendationStage.OPEN_FOR_COMMENT,
            comments=comments,
            comment_opens_on=today - timedelta(days=3),
            comment_closes_on=today + timedelta(days=18),
        ),
        Recommendation(
            number=after + 2,
            title="Hitzeschutzplan für Schulen und Kitas",
            text="Jede Schule und Kita erhält bis 2028 einen Hitzeschutzplan mit Verschattung.",
        ),
    ]


def _seed_small() -> None:
    first = sa.select(sa.func.count()).select_from(Process).where(Process.title == PROCESSES[0][0])
    if db.session.scalar(first):
        return
    today, refs = local_now().date(), _lookups()
    for i, entry in enumerate(PROCESSES):
        process = _process(i, entry, refs, today)
        db.session.add(process)
        if i == 0:
            process.recommendations = [
                _recommendation(n, rec, refs, today) for n, rec in enumerate(RECOMMENDATIONS, 1)
            ] + _drafts(len(RECOMMENDATIONS), today)
    db.session.flush()


STATUSES = ("planned", "running", "completed", "paused")
LEVELS = ("inform", "consult", "involve", "decide")
ANSWERS = ("pending", "accepted", "partly", "rejected")


def _large_processes(numbers: range, rng: random.Random, dep_ids: list, today) -> list[Process]:
    processes = []
    for number in numbers:
        begin = today + timedelta(days=rng.randint(-900, 300))
        processes.append(
            Process(
                title=f"Beteiligungsverfahren {number}",
                summary="Demo-Verfahren für Lasttests.",
                status=rng.choice(STATUSES),
                level=rng.choice(LEVELS),
                lead_department_id=rng.choice(dep_ids) if dep_ids else None,
                starts_on=begin,
                ends_on=begin + timedelta(days=120),
            )
        )
    db.session.add_all(processes)
    db.session.flush()
    return processes


def _links(table, column: str, pids: list, choices: list, rng: random.Random) -> None:
    if choices:
        rows = [{"process_id": i, column: rng.choice(choices)} for i in pids]
        db.session.execute(sa.insert(table), rows)


def _large_recommendations(pids: list, rng: random.Random, today) -> list[dict]:
    return [
        {
            "process_id": i,
            "number": n,
            "title": f"Empfehlung {n}",
            "text": "Demo",
            "stage": "final",
            "answer": rng.choice(ANSWERS),
            "answer_rationale": "",
            "answer_committee": "",
            "implementation": "open",
            "progress": 0,
            "answer_due_on": today + timedelta(days=rng.randint(-200, 200)),
        }
        for i in pids
        for n in range(1, 11)
    ]


def _large_batch(numbers: range, rng: random.Random, refs: dict, today) -> None:
    processes = _large_processes(numbers, rng, refs["departments"], today)
    pids = [p.id for p in processes]
    phases = [
        {
            "process_id": p.id,
            "title": "Durchführung",
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "is_public_meeting": False,
            "location": "",
        }
        for p in processes
    ]
    db.session.execute(sa.insert(Phase), phases)
    _links(process_districts, "district_id", pids, refs["districts"], rng)
    _links(process_topics, "topic_id", pids, refs["topics"], rng)
    db.session.execute(sa.insert(Recommendation), _large_recommendations(pids, rng, today))


def _seed_large(factor: int = 1) -> None:
    """500 processes (times `factor`) with 10 recommendations each, in bulk."""
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Process))
    departments = sa.select(Organisation.id).where(Organisation.kind == "department")
    refs = {
        "departments": list(db.session.scalars(departments)),
        "districts": list(db.session.scalars(sa.select(District.id))),
        "topics": list(db.session.scalars(sa.select(Topic.id))),
    }
    rng, today, todo = random.Random(4), local_now().date(), max(500 * factor - existing, 0)
    with click.progressbar(range(todo), label="processes") as bar:
        for start in range(0, todo, 100):
            first = existing + start + 1
            _large_batch(range(first, first + min(100, todo - start)), rng, refs, today)
            bar.update(min(100, todo - start))


@demo_seeder("processes and recommendations", order=30)
def seed_processes(scale: str) -> None:
    _seed_small()
    if large_factor(scale):
        _seed_large(large_factor(scale))
