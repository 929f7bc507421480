"""The Open Referral HSDS 3.0 read API: every object it serves passes the HSDS 3.0 schemas
(`../shared/standards/hsds-3.0/schema/compiled`, formats checked), identifiers are stable
UUIDs, and bad input answers a JSON 400/404."""

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import jsonschema_rs
import pytest
import time_machine

from office.directory import rules
from office.directory.models import InitiativeLanguage
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.venues.factories import VenueFactory

SCHEMAS = Path(__file__).resolve().parents[1] / "standards" / "hsds-3.0" / "schema"
KEY = "0123456789abcdef0123456789abcdef"
START = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # a Tuesday, 18:00 in Berlin


@cache
def validator(name: str):
    schema = json.loads((SCHEMAS / "compiled" / f"{name}.json").read_text())
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def check(name: str, instance: dict) -> None:
    errors = [f"{e.instance_path}: {e.message}" for e in validator(name).iter_errors(instance)]
    assert not errors, errors


def check_page(page: dict, item_schema: str) -> None:
    """HSDS's Page (openapi.json components) with its contents in the list shape."""
    openapi = json.loads((SCHEMAS / "openapi.json").read_text())
    for key, spec in openapi["components"]["schemas"]["Page"]["properties"].items():
        assert isinstance(page[key], {"integer": int, "boolean": bool}[spec["type"]])
    for item in page["contents"]:
        check(item_schema, item)


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "not-a-uuid", "name": "A", "description": "B"},
        {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "A"},
        {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "A", "description": "B",
         "email": "not an address"},
    ],
)
def test_schema_check_catches_a_broken_organization(bad):
    with pytest.raises(AssertionError):
        check("organization", bad)


@pytest.mark.parametrize("kind", sorted(rules.HSDS_KINDS))
@pytest.mark.parametrize("number", [1, 4711, 16**12 - 1])
def test_hsds_id_is_a_uuid_read_back_for_its_kind_only(kind, number):
    value = rules.hsds_id(KEY, kind, number)
    assert rules.parse_hsds_id(KEY, kind, value) == number
    other = "service" if kind != "service" else "organization"
    assert rules.parse_hsds_id(KEY, other, value) is None
    assert rules.parse_hsds_id("f" * 32, kind, value) is None


@pytest.mark.parametrize(
    ("rrule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=6", {"freq": "WEEKLY", "interval": 1, "byday": "TU", "count": 6}),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20301231T225959Z",
         {"freq": "MONTHLY", "interval": 2, "byday": "2TU", "until": "2030-12-31"}),
        ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", {"freq": "MONTHLY", "interval": 1, "bymonthday": "15", "count": 3}),
        ("FREQ=DAILY;COUNT=5", None),  # HSDS schedules know weekly and monthly only
    ],
)  # fmt: skip
def test_hsds_recurrence_of_rrules(rrule, expected):
    assert rules.hsds_recurrence(rrule) == expected


@pytest.fixture
def directory(db):
    garden = InitiativeFactory(
        name="Garden friends", short_description="We garden together.",
        description="A long text.", meeting_place="Community centre, Hafenstraße 3",
        meeting_times="Tuesdays 18:00", accessibility="Step-free, hearing loop",
        website="https://garden.example.org", contact_email="hello@garden.example.org",
        founded_year=2019,
    )  # fmt: skip
    garden.languages.append(InitiativeLanguage(code="de"))
    garden.languages.append(InitiativeLanguage(code="ar"))
    EventFactory(
        title="Garden evening", initiative=garden, organiser_kind="initiative", start_at=START,
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6", series_end_at=START + timedelta(days=35, hours=2),
    )  # fmt: skip
    EventFactory(
        title="Daily watering", initiative=garden, organiser_kind="initiative", start_at=START,
        rrule="FREQ=DAILY;COUNT=5", series_end_at=START + timedelta(days=4, hours=2),
    )  # fmt: skip
    bare = InitiativeFactory(name="Bare minimum")
    library = VenueFactory(name="Library", street="Am Kanal 47", postcode="14467",
                           latitude=52.3983, longitude=13.0637, step_free=True, hearing_loop=True,
                           access_note="Lift at the side entrance")  # fmt: skip
    InitiativeFactory(name="Readers", venue=library)
    InitiativeFactory(name="Not yet", status="pending")
    return {"garden": garden, "bare": bare}


def _get(client, path):
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC)):
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_every_hsds_object_passes_the_schemas(client, directory):
    assert _get(client, "/api/hsds/")["version"] == "3.0"
    organizations = _get(client, "/api/hsds/organizations")
    check_page(organizations, "organization_list")
    assert [o["name"] for o in organizations["contents"]] == [
        "Bare minimum", "Garden friends", "Readers",
    ]
    services = _get(client, "/api/hsds/services")
    check_page(services, "service_list")
    at_locations = _get(client, "/api/hsds/service_at_locations")
    check_page(at_locations, "service_at_location_list")
    assert at_locations["total_items"] == 2  # the bare entry has no meeting place
    for item in organizations["contents"]:
        check("organization", _get(client, f"/api/hsds/organizations/{item['id']}"))
    for item in services["contents"]:
        check("service", _get(client, f"/api/hsds/services/{item['id']}"))
    for item in at_locations["contents"]:
        check("service_at_location", _get(client, f"/api/hsds/service_at_locations/{item['id']}"))


def test_hsds_service_has_schedules_location_and_accessibility(client, directory):
    services = _get(client, "/api/hsds/services")["contents"]
    garden_id = next(s["id"] for s in services if s["name"] == "Garden friends")
    service = _get(client, f"/api/hsds/services/{garden_id}")
    weekly, daily = service["schedules"][1:]
    assert service["schedules"][0]["description"] == "Tuesdays 18:00"
    assert {"freq": "WEEKLY", "byday": "TU", "count": 6, "opens_at": "18:00",
            "closes_at": "20:00", "dtstart": "2030-03-12", "timezone": 1.0}.items() <= weekly.items()
    assert "freq" not in daily and daily["notes"] == "RRULE:FREQ=DAILY;COUNT=5"
    [at] = service["service_at_locations"]
    assert at["location"]["name"] == "Community centre, Hafenstraße 3"
    assert at["location"]["accessibility"][0]["description"] == "Step-free, hearing loop"
    assert [lang["code"] for lang in service["languages"]] == ["ar", "de"]
    assert service["organization"]["website"] == "https://garden.example.org"


def test_hsds_ids_are_stable_across_requests(client, directory):
    first = _get(client, "/api/hsds/organizations")["contents"]
    assert _get(client, "/api/hsds/organizations")["contents"] == first


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/organizations/not-a-uuid",
        "/api/hsds/services/00000000-0000-8002-8000-000000000001",
        "/api/hsds/service_at_locations/nothing",
    ],
)
def test_hsds_unknown_object_is_json_404(client, directory, path):
    response = client.get(path)
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_hsds_pending_initiative_is_not_served(client, directory, app):
    from office.directory import hsds

    pending = InitiativeFactory(name="Hidden", status="pending")
    with app.test_request_context():
        oid = hsds.object_id("organization", pending.id)
    assert client.get(f"/api/hsds/organizations/{oid}").status_code == 404


@pytest.mark.parametrize("query", ["per_page=0", "per_page=abc", "per_page=1000"])
def test_hsds_bad_paging_is_json_400(client, directory, query):
    response = client.get(f"/api/hsds/organizations?{query}")
    assert response.status_code == 400 and "per_page" in response.get_json()["error"]


def test_hsds_location_of_a_venue_has_address_position_and_access(client, directory):
    services = _get(client, "/api/hsds/services")["contents"]
    readers = next(s["id"] for s in services if s["name"] == "Readers")
    [at] = _get(client, f"/api/hsds/services/{readers}")["service_at_locations"]
    place = at["location"]
    assert place["name"] == "Library" and (place["latitude"], place["longitude"]) == (52.3983, 13.0637)
    [address] = place["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"], address["country"]) == (
        "Am Kanal 47", "14467", "Potsdam", "DE"
    )
    [access] = place["accessibility"]
    assert access["description"] == "Step-free access; Hearing loop"
    assert access["details"] == "Lift at the side entrance"
