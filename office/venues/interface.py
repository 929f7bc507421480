"""What other domains may use of the venues: choices for their forms, a venue's place for
structured data and HSDS, and the venues that offer the access a calendar filter asks for."""

from office.core import jsonld
from office.extensions import db
from office.venues import queries, rules
from office.venues.labels import FEATURE_LABELS
from office.venues.models import Venue


def venue_choices() -> list[tuple[int, str]]:
    """Published venues as (id, "name – address") for a select field, by name."""
    return [(v.id, f"{v.name} – {v.address}") for v in queries.published_venues()]


def published_venue(venue_id: int | None) -> Venue | None:
    """The venue if it is published (offered for events and meetings), else None."""
    venue = db.session.get(Venue, venue_id) if venue_id is not None else None
    return venue if venue is not None and venue.is_public else None


def venue_ids_with(access):
    """A subquery of the published venues offering every feature in `access`."""
    return queries.with_access(tuple(access))


def features(venue: Venue) -> tuple[str, ...]:
    return rules.features_of({name: getattr(venue, name) for name in rules.ACCESS_FEATURES})


def place_of(venue: Venue, url: str = "") -> jsonld.Place:
    """The venue as a schema.org Place: address, map position, access features, capacity."""
    return jsonld.Place(
        name=venue.name,
        address=jsonld.Address(venue.street, venue.postcode, venue.city),
        features=tuple((FEATURE_LABELS[n], getattr(venue, n)) for n in rules.ACCESS_FEATURES),
        access_note=venue.access_note, url=url, latitude=venue.latitude,
        longitude=venue.longitude, capacity=venue.capacity,
    )  # fmt: skip


def access_labels(venue: Venue) -> list:
    """The translated labels of the access features the venue offers."""
    return [FEATURE_LABELS[name] for name in features(venue)]
