"""The venues' figure for the evaluation: places per district and the access they offer."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import Figure, Period, register_figure
from office.core.models import District
from office.extensions import db
from office.venues.labels import FEATURE_LABELS
from office.venues.models import Venue, VenueStatus
from office.venues.rules import ACCESS_FEATURES


def venues_per_district(period: Period) -> list[tuple]:
    """Per district: published venues, and how many offer each access feature (a stock)."""
    counts = [sa.func.count(Venue.id)] + [
        sa.func.sum(sa.case((getattr(Venue, name).is_(True), 1), else_=0))
        for name in ACCESS_FEATURES
    ]
    rows = db.session.execute(
        sa.select(sa.func.coalesce(District.name, ""), *counts)
        .select_from(Venue)
        .outerjoin(District, District.id == Venue.district_id)
        .where(Venue.status == VenueStatus.PUBLISHED)
        .group_by(District.name)
        .order_by(District.name)
    )
    return [
        (name or str(_l("No district")), *(int(v or 0) for v in values)) for name, *values in rows
    ]


register_figure(
    Figure(
        key="venues-per-district",
        title=_l("Venues per district and their access"),
        columns=(_l("District"), _l("Venues"), *(FEATURE_LABELS[n] for n in ACCESS_FEATURES)),
        rows=venues_per_district,
        chart="table",
        order=45,
        description=_l("Published venues today (a stock: the period does not filter)."),
    )
)
