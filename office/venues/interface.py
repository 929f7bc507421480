"""What other domains may use of the venues: choices for their forms, a venue's place for
structured data and HSDS, and the venues that offer the access a calendar filter asks for."""

from office.core import jsonld
from office.core.links import absolute_url
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


def place_of(venue: Venue) -> jsonld.Place:
    """The venue as a schema.org Place: address, map position, access features, capacity, and
    its page while it is published."""
    url = absolute_url("venues.show", venue_id=venue.id) if venue.is_public else ""
    return jsonld.Place(
        name=venue.name,
        address=jsonld.Address(venue.street, venue.postcode, venue.city),
        features=tuple((FEATURE_LABELS[n], getattr(venue, n)) for n in rules.ACCESS_FEATURES),
        access_note=venue.access_note,
        url=url,
        latitude=venue.latitude,
        longitude=venue.longitude,
        capacity=venue.capacity,
    )


def access_of(venue: Venue | None) -> tuple[str, ...]:
    """The access features a calendar filter may count on: those of a published venue."""
    return features(venue) if venue is not None and venue.is_public else ()


def place_line(venue: Venue | None, *more: str) -> str:
    """Where, in one line (feeds' LOCATION, the calendar): the venue's name and address, then
    the room or the place in words, the online link."""
    first = f"{venue.name}, {venue.address}" if venue is not None else ""
    return " · ".join(p for p in (first, *more) if p)


def access_labels(venue: Venue) -> list:
    """The translated labels of the access features the venue offers."""
    return [FEATURE_LABELS[name] for name in features(venue)]
