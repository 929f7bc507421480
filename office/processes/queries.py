"""Reading the catalogue: the Vorhabenliste's query, the filter choices, what a process page
shows (published suggestions, public assemblies, recommendations) and its scorecard."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from office.contacts.models import Membership, Organisation, Person
from office.core.models import District, Topic
from office.extensions import db
from office.methods.models import Method
from office.processes import rules
from office.processes.models import (
    CommentStatus,
    Pledge,
    Process,
    ProcessProposal,
    Recommendation,
    RecommendationComment,
    RecommendationStage,
    Suggestion,
    process_districts,
    process_topics,
)
from office.sortition.models import Assembly

FINAL = RecommendationStage.FINAL


@dataclass
class ProcessFilters:
    q: str = ""
    status: str = ""
    district: int | None = None
    topic: int | None = None
    level: str = ""
    department: int | None = None


def _has(link, column, value):
    return sa.exists().where(link.c.process_id == Process.id, column == value)


def _text_matches(q: str):
    like = f"%{q.lower()}%"
    return sa.or_(
        sa.func.lower(Process.title).like(like), sa.func.lower(Process.summary).like(like)
    )


def _conditions(filters: ProcessFilters, include_internal: bool) -> list:
    """The WHERE conditions of the Vorhabenliste filters that are set."""
    districts, topics = process_districts.c, process_topics.c
    wanted = (
        (filters.q, lambda: _text_matches(filters.q)),
        (filters.status, lambda: Process.status == filters.status),
        (filters.level, lambda: Process.level == filters.level),
        (filters.department, lambda: Process.lead_department_id == filters.department),
        (
            filters.district,
            lambda: _has(process_districts, districts.district_id, filters.district),
        ),
        (filters.topic, lambda: _has(process_topics, topics.topic_id, filters.topic)),
    )
    conditions = [condition() for given, condition in wanted if given]
    return conditions if include_internal else [Process.is_public.is_(True), *conditions]


def catalogue_query(filters: ProcessFilters, include_internal: bool = False):
    """SELECT of processes matching the Vorhabenliste filters, newest start first."""
    related = (selectinload(Process.districts), selectinload(Process.topics))
    return (
        sa.select(Process)
        .options(joinedload(Process.lead_department), *related)
        .where(*_conditions(filters, include_internal))
        .order_by(Process.starts_on.desc().nulls_last(), Process.id.desc())
    )


#: what the scorecard reads of each final recommendation
_SCORED = (
    Recommendation.answer,
    Recommendation.answer_due_on,
    Recommendation.implementation,
    Recommendation.progress,
)


def scorecard_for(process: Process, today: date):
    final = (Recommendation.process_id == process.id, Recommendation.stage == FINAL)
    rows = db.session.execute(sa.select(*_SCORED).where(*final)).all()
    return rules.scorecard(rows, today)


def filter_options() -> dict:
    """The districts, topics and departments the Vorhabenliste can be filtered by."""
    return {
        "districts": list(db.session.scalars(sa.select(District).order_by(District.name))),
        "topics": sorted(db.session.scalars(sa.select(Topic)), key=lambda t: t.name),
        "departments": departments(),
    }


def published_suggestions(process: Process) -> list[Suggestion]:
    published = (Suggestion.process_id == process.id, Suggestion.status == "published")
    return db.session.scalars(
        sa.select(Suggestion).where(*published).order_by(Suggestion.created_at)
    ).all()


def public_assemblies(process: Process) -> list[Assembly]:
    """The citizens' assemblies of the process whose selection is published."""
    published = (Assembly.process_id == process.id, Assembly.published.is_(True))
    return db.session.scalars(sa.select(Assembly).where(*published).order_by(Assembly.id)).all()


def recommendations_of(process: Process, stage=FINAL) -> list[Recommendation]:
    """The final recommendations (or those of `stage`) in their order, with department,
    implementation updates, pledges and minority statements."""
    return db.session.scalars(
        sa.select(Recommendation)
        .options(
            joinedload(Recommendation.department),
            selectinload(Recommendation.updates),
            selectinload(Recommendation.pledges).joinedload(Pledge.organisation),
            selectinload(Recommendation.minority_statements),
        )
        .where(Recommendation.process_id == process.id, Recommendation.stage == stage)
        .order_by(Recommendation.number)
    ).all()


def unfinished_recommendations(process: Process) -> list[Recommendation]:
    """Drafts and recommendations open for comment, for the office's overview."""
    unfinished = (Recommendation.process_id == process.id, Recommendation.stage != FINAL)
    stmt = sa.select(Recommendation).where(*unfinished)
    return db.session.scalars(stmt.order_by(Recommendation.number)).all()


def departments() -> list[Organisation]:
    stmt = sa.select(Organisation).where(Organisation.kind == "department")
    return list(db.session.scalars(stmt.order_by(Organisation.name)))


def methods() -> list[Method]:
    return list(db.session.scalars(sa.select(Method).order_by(Method.slug)))


def participation_contacts() -> list[Person]:
    """The people marked as participation contacts of an organisation (not erased)."""
    marked = (Membership.participation_contact.is_(True), Person.erased_at.is_(None))
    stmt = sa.select(Person).join(Membership).where(*marked).distinct()
    return list(db.session.scalars(stmt.order_by(Person.last_name, Person.first_name)))


def public_processes(limit: int = 500) -> list[Process]:
    stmt = sa.select(Process).where(Process.is_public.is_(True)).order_by(Process.title)
    return list(db.session.scalars(stmt.limit(limit)))


def pending_suggestions(limit: int = 200) -> list[Suggestion]:
    """Confirmed suggestions waiting for moderation, oldest first."""
    stmt = sa.select(Suggestion).where(Suggestion.status == "pending")
    return db.session.scalars(stmt.order_by(Suggestion.confirmed_at).limit(limit)).all()


def pending_comments(limit: int = 200) -> list[RecommendationComment]:
    """Residents' comments waiting for the office's approval, oldest first."""
    waiting = RecommendationComment.status == CommentStatus.PENDING
    stmt = (
        sa.select(RecommendationComment).where(waiting).order_by(RecommendationComment.created_at)
    )
    with_recommendation = joinedload(RecommendationComment.recommendation)
    return db.session.scalars(stmt.options(with_recommendation).limit(limit)).all()


def proposals_of(department_id: int | None, limit: int = 50) -> list[ProcessProposal]:
    if not department_id:
        return []
    stmt = sa.select(ProcessProposal).where(ProcessProposal.department_id == department_id)
    return db.session.scalars(stmt.order_by(ProcessProposal.created_at.desc()).limit(limit)).all()


def all_proposals(limit: int = 200) -> list[ProcessProposal]:
    """New proposals first, then the decided ones, newest first."""
    order = (ProcessProposal.status != "new", ProcessProposal.created_at.desc())
    return db.session.scalars(sa.select(ProcessProposal).order_by(*order).limit(limit)).all()


def assemblies() -> list[Process]:
    """Citizens' assemblies, newest first (a strategy meeting continues one of them)."""
    stmt = sa.select(Process).where(Process.kind == "assembly").order_by(Process.id.desc())
    return list(db.session.scalars(stmt))


def strategy_meetings_of(assembly: Process) -> list[Process]:
    following = (Process.kind == "strategy_meeting", Process.follows_id == assembly.id)
    stmt = sa.select(Process).where(*following).order_by(Process.starts_on, Process.id)
    return list(db.session.scalars(stmt))


def partner_choices() -> list[tuple[int, str]]:
    """Organisations of the contacts CRM that can be implementation partners (not departments)."""
    stmt = (
        sa.select(Organisation).where(Organisation.kind != "department").order_by(Organisation.name)
    )
    return [(o.id, o.name) for o in db.session.scalars(stmt)]
