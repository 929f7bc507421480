"""The session plan of an assembly: sessions at a venue or a place in words, after the selection."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.assemblies import queries, rules
from office.assemblies.labels import SESSION_PROBLEMS
from office.assemblies.models import AssemblyPlan, AssemblySession
from office.core.errors import DomainError
from office.extensions import db
from office.sortition import interface as selection
from office.sortition.models import Assembly
from office.venues import interface as venues


class SessionRefused(DomainError):
    default_message = _l("The session cannot be saved.")


@dataclass(frozen=True)
class SessionData:
    """A session as the office types it: times are aware (UTC)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    venue_id: int | None = None
    place: str = ""
    agenda: str = ""
    materials: str = ""


def plan_of(assembly: Assembly) -> AssemblyPlan:
    """The assembly's plan row, made on first use."""
    plan = db.session.scalar(sa.select(AssemblyPlan).filter_by(assembly_id=assembly.id))
    if plan is None:
        plan = AssemblyPlan(assembly_id=assembly.id, assembly=assembly)
        db.session.add(plan)
        db.session.flush()
    return plan


def sessions_of(assembly: Assembly) -> list[AssemblySession]:
    """The assembly's sessions, first to last."""
    stmt = sa.select(AssemblySession).filter_by(assembly_id=assembly.id)
    return list(db.session.scalars(stmt.order_by(AssemblySession.starts_at, AssemblySession.id)))


def _check(assembly: Assembly, data: SessionData) -> None:
    _check_times(assembly, data)
    _check_place(data)


def _check_times(assembly: Assembly, data: SessionData) -> None:
    """A session ends after it starts, and not before the members are selected."""
    problem = rules.session_problem(data.starts_at, data.ends_at, selection.selected_at(assembly))
    if problem:
        field = "ends_at" if problem == "ends_before_start" else "starts_at"
        raise SessionRefused(SESSION_PROBLEMS[problem], field=field)


def _check_place(data: SessionData) -> None:
    """A session takes place at a published venue, or at a described place."""
    if data.venue_id is not None and venues.published_venue(data.venue_id) is None:
        raise SessionRefused(_l("Please choose a venue of the list."), field="venue_id")
    if data.venue_id is None and not data.place.strip():
        raise SessionRefused(_l("Please choose a venue or describe the place."), field="place")


def _check_facilitators(session: AssemblySession, data: SessionData) -> None:
    """Moving a session must not put one of its facilitators in two sessions at once."""
    for assignment in session.assignments:
        other = queries.clash_for(
            assignment.facilitator.user_id, (data.starts_at, data.ends_at), session
        )
        if other is not None:
            raise SessionRefused(
                _l(
                    "%(name)s facilitates “%(other)s” at that time; please change the "
                    "assignment first.",
                    name=assignment.facilitator.user.name,
                    other=other.title,
                ),
                field="starts_at",
            )


def save_session(
    assembly: Assembly, session: AssemblySession | None, data: SessionData, actor
) -> AssemblySession:
    """Plan a new session or change one; refused before the selection or without a place."""
    _check(assembly, data)
    if session is None:
        session = AssemblySession(assembly_id=assembly.id, assembly=assembly)
        db.session.add(session)
    else:
        _check_facilitators(session, data)
    moved = session.starts_at is not None and session.starts_at != data.starts_at
    for name in ("title", "starts_at", "ends_at", "venue_id", "place", "agenda", "materials"):
        setattr(session, name, getattr(data, name))
    session.place = data.place.strip() if data.venue_id is None else ""
    if moved:
        session.reminded_at = None  # members hear of the new date
    db.session.flush()
    return session


def delete_session(session: AssemblySession, actor) -> None:
    """Take a session off the plan (its attendance, assignments and inputs go with it)."""
    db.session.delete(session)
    db.session.flush()
