"""schema.org structured data (JSON-LD) for public pages: events, course runs, places.

Search engines read an Event from a page's `<script type="application/ld+json">`: it needs a
name, a start date (a date-time with its UTC offset, or a date for all-day events) and a
location (a Place with an address, or a VirtualLocation with a URL). The domains build their
Event with `event(...)`; `place(...)` describes a venue with its accessibility as amenity
features. Templates print it with `json_ld_script` (escaped for an HTML script element).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask import json
from markupsafe import Markup

from office.core.clock import office_tz

SCHEMA = "https://schema.org"
SCHEDULED = f"{SCHEMA}/EventScheduled"
CANCELLED = f"{SCHEMA}/EventCancelled"
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
ONLINE = f"{SCHEMA}/OnlineEventAttendanceMode"
MIXED = f"{SCHEMA}/MixedEventAttendanceMode"


@dataclass(frozen=True)
class Address:
    """A postal address; `street` alone is enough for a free-text place."""

    street: str
    postal_code: str = ""
    locality: str = ""
    country: str = ""

    def as_dict(self) -> dict:
        data = {"@type": "PostalAddress", "streetAddress": self.street}
        for key, value in (
            ("postalCode", self.postal_code),
            ("addressLocality", self.locality),
            ("addressCountry", self.country),
        ):
            if value:
                data[key] = value
        return data


@dataclass(frozen=True)
class Place:
    """Where something happens: a name, an address, and what it offers (accessibility)."""

    name: str
    address: Address
    #: (label, present) pairs such as ("Step-free access", True)
    features: tuple = ()
    #: free text about access, in the organiser's words
    access_note: str = ""
    url: str = ""
    latitude: float | None = None
    longitude: float | None = None
    capacity: int | None = None

    def as_dict(self) -> dict:
        data = {"@type": "Place", "name": self.name, "address": self.address.as_dict()}
        features = [
            {"@type": "LocationFeatureSpecification", "name": str(label), "value": bool(present)}
            for label, present in self.features
        ]
        if self.access_note:
            features.append(
                {
                    "@type": "LocationFeatureSpecification",
                    "name": "accessibility",
                    "value": self.access_note,
                }
            )
        if features:
            data["amenityFeature"] = features
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": self.latitude,
                "longitude": self.longitude,
            }
        if self.url:
            data["url"] = self.url
        if self.capacity:
            data["maximumAttendeeCapacity"] = self.capacity
        return data


@dataclass(frozen=True)
class Offer:
    """How to take part: the price (0: free) and where to register."""

    url: str
    price: Decimal | int = 0
    currency: str = "EUR"
    available: bool = True

    def as_dict(self) -> dict:
        availability = "InStock" if self.available else "SoldOut"
        return {
            "@type": "Offer",
            "url": self.url,
            "price": str(self.price),
            "priceCurrency": self.currency,
            "availability": f"{SCHEMA}/{availability}",
        }


@dataclass(frozen=True)
class EventData:
    """One event (or one occurrence or run of it) as schema.org sees it."""

    name: str
    start: datetime
    end: datetime
    url: str
    organiser: str
    organiser_url: str = ""
    description: str = ""
    all_day: bool = False
    cancelled: bool = False
    place: Place | None = None
    online_url: str = ""
    offers: tuple[Offer, ...] = ()
    extra: dict = field(default_factory=dict)


def moment(value: datetime, all_day: bool) -> str:
    """A date-time in the office's zone with its UTC offset; the date alone for all-day."""
    local = value.astimezone(office_tz())
    return local.date().isoformat() if all_day else local.isoformat(timespec="seconds")


def attendance_mode(in_person: bool, online: bool) -> str:
    if in_person and online:
        return MIXED
    return ONLINE if online else OFFLINE


def _locations(data: EventData) -> list[dict]:
    found = [data.place.as_dict()] if data.place else []
    if data.online_url:
        found.append({"@type": "VirtualLocation", "url": data.online_url})
    return found


def event(data: EventData) -> dict:
    """The schema.org Event of `data` (with "@context": one object for one script element)."""
    end = data.end
    if data.all_day:
        # stored all-day ends are the exclusive midnight after the last day
        end = datetime.fromtimestamp(end.timestamp() - 1, tz=end.tzinfo)
    locations = _locations(data)
    organiser = {"@type": "Organization", "name": data.organiser}
    if data.organiser_url:
        organiser["url"] = data.organiser_url
    result = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": data.name,
        "url": data.url,
        "startDate": moment(data.start, data.all_day),
        "endDate": moment(end, data.all_day),
        "eventStatus": CANCELLED if data.cancelled else SCHEDULED,
        "eventAttendanceMode": attendance_mode(data.place is not None, bool(data.online_url)),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organiser,
    }
    if data.description:
        result["description"] = data.description
    if data.offers:
        result["offers"] = [offer.as_dict() for offer in data.offers]
    return result | data.extra


def graph(items: Iterable[dict]) -> dict:
    """Several objects for one script element."""
    return {
        "@context": SCHEMA,
        "@graph": [{k: v for k, v in i.items() if k != "@context"} for i in items],
    }


def json_ld_script(data: dict) -> Markup:
    """The `<script type="application/ld+json">` element; `<`, `>` and `&` escaped."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=False)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{body}</script>')  # noqa: S704  # nosec B704
