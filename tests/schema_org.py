"""What search engines require of a schema.org Event in a page's JSON-LD, as a test check.

Google's Event rich results (and schema.org's Event definition) need a name, a startDate in
ISO 8601 (a date-time with its UTC offset, or a date) and a location: a Place with a name and a
PostalAddress, or a VirtualLocation with a URL. Status and attendance mode, when given, must be
schema.org enumeration members.
"""

import json
import re
from datetime import date, datetime

STATUSES = {f"https://schema.org/{s}" for s in (
    "EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline",
)}  # fmt: skip
MODES = {f"https://schema.org/{m}EventAttendanceMode" for m in ("Offline", "Online", "Mixed")}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_of(html: str) -> list[dict]:
    """Every object in the page's JSON-LD script elements (graphs flattened)."""
    found = []
    for body in SCRIPT.findall(html):
        data = json.loads(body)
        assert data["@context"] == "https://schema.org"
        found.extend(data["@graph"] if "@graph" in data else [data])
    return found


def _moment(value: str) -> datetime | date:
    if "T" not in value:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() is not None, f"{value} has no UTC offset"
    assert re.search(r"([+-]\d\d:\d\d|Z)$", value), f"{value} does not end in an offset"
    return moment


def _check_location(location) -> None:
    for place in location if isinstance(location, list) else [location]:
        if place["@type"] == "VirtualLocation":
            assert place["url"].startswith("http")
            continue
        assert place["@type"] == "Place" and place["name"]
        address = place["address"]
        assert isinstance(address, str) and address or (
            address["@type"] == "PostalAddress" and address["streetAddress"]
        )


def check_event(event: dict) -> None:
    """Fails (AssertionError) when the object is not a valid schema.org Event for search."""
    assert event["@type"] == "Event"
    assert isinstance(event["name"], str) and event["name"].strip()
    start = _moment(event["startDate"])
    if "endDate" in event:
        end = _moment(event["endDate"])
        assert type(end) is type(start) and end >= start
    _check_location(event["location"])
    assert event.get("eventStatus", next(iter(STATUSES))) in STATUSES
    assert event.get("eventAttendanceMode", next(iter(MODES))) in MODES
    for offer in event.get("offers", []):
        assert offer["@type"] == "Offer" and float(offer["price"]) >= 0
        assert re.fullmatch(r"[A-Z]{3}", offer["priceCurrency"])
