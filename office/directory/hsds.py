"""The directory as Open Referral HSDS 3.0 objects (organization, service, location, schedule).

Each published initiative is an organization that runs one service (its meetings and
activities) at its meeting place (a location with its accessibility). The service's schedules
are the initiative's recurring events as RRULE parts and its meeting times in words. Objects
have the shapes of the HSDS 3.0 "compiled" schemas (`../shared/standards/hsds-3.0/`): the
list endpoints serve the `*_list` shapes, the single endpoints the fully nested ones.
"""

import hashlib
from datetime import datetime

from babel import Locale
from flask import current_app

from office.core.clock import office_tz
from office.core.links import absolute_url
from office.directory import rules
from office.directory.models import Initiative
from office.events import interface as events
from office.venues import interface as venues

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://specification.openreferral.org/"


def office_key() -> str:
    """Hex digits that identify this office in HSDS identifiers (from its address)."""
    base = current_app.config["OFFICE_BASE_URL"].rstrip("/")
    return hashlib.sha256(base.encode()).hexdigest()


def object_id(kind: str, number: int) -> str:
    return rules.hsds_id(office_key(), kind, number)


def initiative_number(kind: str, value: str) -> int | None:
    """The initiative behind an identifier of `kind`, or None."""
    return rules.parse_hsds_id(office_key(), kind, value)


def _nonempty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def organization_summary(i: Initiative) -> dict:
    """An organization in the list shape (one-to-one fields only)."""
    return _nonempty(
        {
            "id": object_id("organization", i.id),
            "name": i.name,
            "description": i.text("description") or i.text("short_description"),
            "alternate_name": None,
            "email": i.contact_email,
            "website": i.website,
            "year_incorporated": i.founded_year,
            "uri": absolute_url("directory.show", initiative_id=i.id),
        }
    ) | {"description": i.text("description") or i.text("short_description")}


def service_summary(i: Initiative) -> dict:
    """The initiative's service in the list shape."""
    return _nonempty(
        {
            "id": object_id("service", i.id),
            "organization_id": object_id("organization", i.id),
            "name": i.name,
            "description": i.text("short_description"),
            "url": absolute_url("directory.show", initiative_id=i.id),
            "email": i.contact_email,
            "status": "active",
            "last_modified": i.updated_at.isoformat() if i.updated_at else None,
        }
    )


def _venue(i: Initiative):
    """The initiative's venue when it is published in the directory of venues."""
    return i.venue if i.venue is not None and i.venue.is_public else None


def _accessibility(i: Initiative) -> list[dict]:
    venue = _venue(i)
    offered = [str(label) for label in venues.access_labels(venue)] if venue else []
    details = venue.access_note if venue else ""
    text = "; ".join([*offered, *([i.text("accessibility")] if i.accessibility else [])])
    if not text and not details:
        return []
    return [
        _nonempty(
            {
                "id": object_id("accessibility", i.id),
                "location_id": object_id("location", i.id),
                "description": text,
                "details": details,
            }
        )
        | {"id": object_id("accessibility", i.id)}
    ]


def _addresses(i: Initiative) -> list[dict]:
    venue = _venue(i)
    if venue is None:
        return []
    return [
        {
            "id": object_id("address", i.id),
            "location_id": object_id("location", i.id),
            "address_1": venue.street,
            "city": venue.city,
            "state_province": "",
            "postal_code": venue.postcode,
            "country": current_app.config["OFFICE_SELLER_COUNTRY"],
            "address_type": "physical",
        }
    ]


def location(i: Initiative) -> dict | None:
    """Where the initiative meets (its venue, or its meeting place in words), with access."""
    venue = _venue(i)
    if venue is None and not i.meeting_place:
        return None
    return _nonempty(
        {
            "id": object_id("location", i.id),
            "location_type": "physical",
            "organization_id": object_id("organization", i.id),
            "name": venue.name if venue else i.meeting_place,
            "description": i.meeting_place if venue else "",
            "latitude": venue.latitude if venue else None,
            "longitude": venue.longitude if venue else None,
            "addresses": _addresses(i),
            "accessibility": _accessibility(i),
        }
    ) | {"location_type": "physical"}


def _utc_offset_hours(moment: datetime) -> float:
    return moment.astimezone(office_tz()).utcoffset().total_seconds() / 3600


def _event_schedule(i: Initiative, event) -> dict:
    local_start = event.start_at.astimezone(office_tz())
    local_end = event.end_at.astimezone(office_tz())
    recurrence = rules.hsds_recurrence(event.rrule)
    fields = {
        "id": object_id("event_schedule", event.id),
        "service_id": object_id("service", i.id),
        "dtstart": local_start.date().isoformat(),
        "valid_from": local_start.date().isoformat(),
        "timezone": _utc_offset_hours(event.start_at),
        "description": event.title,
        "schedule_link": absolute_url("events.show", event_id=event.id),
    }
    if not event.all_day:
        fields |= {
            "opens_at": local_start.strftime("%H:%M"),
            "closes_at": local_end.strftime("%H:%M"),
        }
    if recurrence is None:
        return fields | {"notes": f"RRULE:{event.rrule}"}
    return fields | recurrence | {"wkst": "MO"}


def schedules(i: Initiative, now: datetime) -> list[dict]:
    """The initiative's meeting times in words and its recurring events as rules."""
    found = [_event_schedule(i, event) for event in events.recurring_series_of(i.id, now)]
    if i.meeting_times:
        found.insert(
            0,
            {
                "id": object_id("meeting_schedule", i.id),
                "service_id": object_id("service", i.id),
                "description": i.text("meeting_times"),
            },
        )
    return found


def languages(i: Initiative) -> list[dict]:
    names = Locale("en")
    return [
        {
            "id": object_id("language", i.id * 256 + index),
            "service_id": object_id("service", i.id),
            "name": names.languages.get(code, code),
            "code": code,
        }
        for index, code in enumerate(i.language_codes)
    ]


def service_at_location(i: Initiative) -> dict | None:
    place = location(i)
    if place is None:
        return None
    return service_at_location_summary(i) | {"location": place}


def service_at_location_summary(i: Initiative) -> dict | None:
    if location(i) is None:
        return None
    return {
        "id": object_id("service_at_location", i.id),
        "service_id": object_id("service", i.id),
        "location_id": object_id("location", i.id),
    }


def service(i: Initiative, now: datetime, with_organization: bool = True) -> dict:
    """The fully nested service: languages, schedules, its place, and (by default) its
    organization."""
    at = service_at_location(i)
    full = service_summary(i) | {
        "languages": languages(i),
        "schedules": schedules(i, now),
        "service_at_locations": [at] if at else [],
    }
    if with_organization:
        full["organization"] = organization_summary(i)
    return full


def organization(i: Initiative, now: datetime) -> dict:
    """The fully nested organization with its service and its location."""
    place = location(i)
    return organization_summary(i) | {
        "services": [service(i, now, with_organization=False)],
        "locations": [place] if place else [],
    }
