"""Demo data: a handful of published venues in the districts, with their access."""

import sqlalchemy as sa

from office.core.models import District
from office.core.registry import demo_seeder
from office.extensions import db
from office.venues.models import Venue, VenueKind, VenueStatus

#: (name, kind, street, postcode, latitude, longitude, step-free, toilet, loop, quiet, capacity)
VENUES = [
    (
        "Bürgerhaus am Schlaatz",
        VenueKind.CENTRE,
        "Schilfhof 28",
        "14478",
        52.3743,
        13.0861,
        True,
        True,
        True,
        False,
        120,
    ),
    (
        "Stadt- und Landesbibliothek",
        VenueKind.LIBRARY,
        "Am Kanal 47",
        "14467",
        52.3983,
        13.0637,
        True,
        True,
        False,
        True,
        80,
    ),
    (
        "Nachbarschaftstreff Drewitz",
        VenueKind.ROOM,
        "Konrad-Wolf-Allee 40",
        "14480",
        52.3597,
        13.1226,
        False,
        False,
        False,
        True,
        30,
    ),
    (
        "Gesamtschule Am Stern (Aula)",
        VenueKind.SCHOOL,
        "Max-Born-Straße 2",
        "14480",
        52.3686,
        13.1070,
        True,
        True,
        True,
        False,
        300,
    ),
]


@demo_seeder("venues", order=35)
def seed_venues(scale: str) -> None:
    existing = set(db.session.scalars(sa.select(Venue.name)))
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    for n, (name, kind, street, postcode, lat, lon, *flags, capacity) in enumerate(VENUES):
        if name in existing:
            continue
        db.session.add(
            Venue(
                name=name,
                kind=kind,
                street=street,
                postcode=postcode,
                city="Potsdam",
                district=districts[n % len(districts)] if districts else None,
                latitude=lat,
                longitude=lon,
                step_free=flags[0],
                accessible_toilet=flags[1],
                hearing_loop=flags[2],
                quiet_room=flags[3],
                capacity=capacity,
                status=VenueStatus.PUBLISHED,
                opening_hours="Mo–Fr 9–20 Uhr",
            )
        )
    db.session.flush()
