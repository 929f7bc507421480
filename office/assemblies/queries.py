"""Read-only queries shared by the services, views and calendar of an assembly's work."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from office.assemblies import rules
from office.assemblies.models import AssemblySession, Facilitator, FacilitatorAssignment
from office.extensions import db
from office.sortition.models import Assembly


def clash_for(
    user_id: int, wanted: tuple[datetime, datetime], session: AssemblySession | None
) -> AssemblySession | None:
    """Another session (of any assembly) the user facilitates that overlaps `wanted`."""
    booked = db.session.scalars(
        sa.select(AssemblySession)
        .join(FacilitatorAssignment, FacilitatorAssignment.session_id == AssemblySession.id)
        .join(Facilitator, Facilitator.id == FacilitatorAssignment.facilitator_id)
        .filter(
            Facilitator.user_id == user_id,
            AssemblySession.starts_at < wanted[1],
            AssemblySession.ends_at > wanted[0],
        )
        .order_by(AssemblySession.starts_at)
    )
    for other in booked:
        if (session is None or other.id != session.id) and rules.overlap(
            wanted, (other.starts_at, other.ends_at)
        ):
            return other
    return None


def public_sessions(start: datetime, end: datetime) -> list[AssemblySession]:
    """Sessions of published assemblies overlapping [start, end), for the public calendar."""
    return list(
        db.session.scalars(
            sa.select(AssemblySession)
            .join(Assembly, Assembly.id == AssemblySession.assembly_id)
            .options(joinedload(AssemblySession.assembly), joinedload(AssemblySession.venue))
            .filter(
                Assembly.published.is_(True),
                AssemblySession.starts_at < end,
                AssemblySession.ends_at > start,
            )
            .order_by(AssemblySession.starts_at)
        )
    )


def assignments_of(user_id: int, since: datetime) -> list[FacilitatorAssignment]:
    """The user's facilitation of sessions ending after `since`, soonest first (account page)."""
    return list(
        db.session.scalars(
            sa.select(FacilitatorAssignment)
            .join(AssemblySession, AssemblySession.id == FacilitatorAssignment.session_id)
            .join(Facilitator, Facilitator.id == FacilitatorAssignment.facilitator_id)
            .options(joinedload(FacilitatorAssignment.session).joinedload(AssemblySession.assembly))
            .filter(Facilitator.user_id == user_id, AssemblySession.ends_at > since)
            .order_by(AssemblySession.starts_at)
        )
    )


def assemblies_to_volunteer_for(user_id: int) -> list[Assembly]:
    """Assemblies with a drawn selection that are not over, which the user has not joined."""
    joined = sa.select(Facilitator.assembly_id).filter(Facilitator.user_id == user_id)
    planned = sa.select(AssemblySession.assembly_id)
    return list(
        db.session.scalars(
            sa.select(Assembly)
            .filter(
                Assembly.purged_at.is_(None),
                Assembly.id.not_in(joined),
                Assembly.id.in_(planned),
            )
            .order_by(Assembly.title)
        )
    )
