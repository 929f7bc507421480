"""Reading the venue directory: the public list with its filter, one venue, the queue."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from office.core.models import District
from office.extensions import db
from office.venues.models import Venue, VenueStatus
from office.venues.permissions import can_manage_venues


def districts() -> list[District]:
    return list(db.session.scalars(sa.select(District).order_by(District.name)))


def published_query(district_id: int | None = None, access=()):
    """Published venues, by name; `access` features must all be offered."""
    stmt = (
        sa.select(Venue)
        .where(Venue.status == VenueStatus.PUBLISHED)
        .options(selectinload(Venue.district))
        .order_by(Venue.name, Venue.id)
    )
    if district_id:
        stmt = stmt.where(Venue.district_id == district_id)
    for feature in access:
        stmt = stmt.where(getattr(Venue, feature).is_(True))
    return stmt


def published_venues() -> list[Venue]:
    return list(db.session.scalars(published_query()))


def with_access(access) -> sa.Select:
    """The ids of published venues that offer every feature in `access` (a subquery)."""
    return published_query(access=access).with_only_columns(Venue.id).order_by(None)


def visible_venue(user, venue_id: int) -> Venue | None:
    """Published venues for everyone, others for staff and whoever suggested them."""
    venue = db.session.get(Venue, venue_id)
    if venue is None or venue.is_public or can_manage_venues(user):
        return venue
    if user.is_authenticated and venue.suggested_by_id == user.id:
        return venue
    return None


def moderation_queue() -> list[Venue]:
    return list(
        db.session.scalars(
            sa.select(Venue).where(Venue.status == VenueStatus.PENDING).order_by(Venue.created_at)
        )
    )


def all_venues() -> list[Venue]:
    return list(db.session.scalars(sa.select(Venue).order_by(Venue.status, Venue.name)))
