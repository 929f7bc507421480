"""Co-facilitators: staff volunteer for an assembly, the office sees who took the facilitation
course and assigns them to sessions and tables (never to two sessions at the same time)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.assemblies import queries
from office.assemblies.models import AssemblySession, Facilitator, FacilitatorAssignment
from office.assemblies.services.sessions import plan_of
from office.auth.models import User
from office.core.errors import DomainError
from office.courses.models import Course, CourseRun, Registration
from office.extensions import db
from office.sortition.models import Assembly


class FacilitationRefused(DomainError):
    default_message = _l("The facilitation cannot be saved.")


def volunteer(assembly: Assembly, user: User, note: str, now: datetime) -> Facilitator:
    """The user offers to co-facilitate the assembly (once)."""
    if assembly.purged_at is not None:
        raise FacilitationRefused(_l("This assembly has ended."))
    known = db.session.scalar(
        sa.select(Facilitator).filter_by(assembly_id=assembly.id, user_id=user.id)
    )
    if known is not None:
        raise FacilitationRefused(_l("You have already volunteered for this assembly."))
    facilitator = Facilitator(
        assembly_id=assembly.id, user_id=user.id, note=note.strip(), volunteered_at=now
    )
    db.session.add(facilitator)
    db.session.flush()
    return facilitator


def facilitators_of(assembly: Assembly) -> list[Facilitator]:
    stmt = sa.select(Facilitator).join(User, User.id == Facilitator.user_id)
    of_assembly = stmt.filter(Facilitator.assembly_id == assembly.id)
    return list(db.session.scalars(of_assembly.order_by(User.name, Facilitator.id)))


def set_facilitation_course(assembly: Assembly, course_id: int | None) -> None:
    """Participants of this course count as trained facilitators."""
    if course_id is not None and db.session.get(Course, course_id) is None:
        raise FacilitationRefused(_l("Please choose a course of the list."), field="course_id")
    plan_of(assembly).facilitation_course_id = course_id
    db.session.flush()


def trained_user_ids(assembly: Assembly, facilitators: list[Facilitator]) -> set[int]:
    """The facilitators who attended a run of the assembly's facilitation course (by their
    account, or by their address when they registered without logging in)."""
    course_id = plan_of(assembly).facilitation_course_id
    if course_id is None or not facilitators:
        return set()
    by_email = {f.user.email.lower(): f.user_id for f in facilitators}
    rows = db.session.execute(
        sa.select(Registration.user_id, Registration.email)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .filter(CourseRun.course_id == course_id, Registration.attended.is_(True))
        .filter(
            sa.or_(
                Registration.user_id.in_([f.user_id for f in facilitators]),
                sa.func.lower(Registration.email).in_(list(by_email)),
            )
        )
    )
    ids = {f.user_id for f in facilitators}
    return {uid if uid in ids else by_email.get((email or "").lower()) for uid, email in rows} - {
        None
    }


def assign(session: AssemblySession, facilitator_id: int, table: str) -> FacilitatorAssignment:
    """Put a volunteer of the assembly at a table of the session; refused when they facilitate
    another session at the same time."""
    facilitator = db.session.get(Facilitator, facilitator_id)
    if facilitator is None or facilitator.assembly_id != session.assembly_id:
        raise FacilitationRefused(
            _l("Please choose a volunteer of this assembly."), field="facilitator_id"
        )
    if any(a.facilitator_id == facilitator.id for a in session.assignments):
        raise FacilitationRefused(
            _l("%(name)s is already assigned to this session.", name=facilitator.user.name),
            field="facilitator_id",
        )
    db.session.execute(sa.select(User.id).filter_by(id=facilitator.user_id).with_for_update())
    other = queries.clash_for(facilitator.user_id, (session.starts_at, session.ends_at), session)
    if other is not None:
        raise FacilitationRefused(
            _l(
                "%(name)s already facilitates “%(other)s” at that time.",
                name=facilitator.user.name,
                other=other.title,
            ),
            field="session_id",
        )
    assignment = FacilitatorAssignment(facilitator=facilitator, table=table.strip())
    session.assignments.append(assignment)
    db.session.flush()
    return assignment


def unassign(assignment: FacilitatorAssignment) -> None:
    db.session.delete(assignment)
    db.session.flush()
