"""Venue pages, the calendar's access filter, and events at venues (client)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from office.events.models import Event
from office.venues.models import Venue, VenueStatus
from tests.directory.factories import InitiativeFactory, rep_of
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory
from tests.schema_org import check_event, json_ld_of
from tests.venues.factories import VenueFactory

START = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)


def _venue_form(**overrides):
    return {
        "name": "Bürgerhaus", "kind": "centre", "street": "Schilfhof 28", "postcode": "14478",
        "city": "Potsdam", "district": "", "step_free": "y", "hearing_loop": "y",
        "latitude": "52.3743", "longitude": "13.0861", **overrides,
    }  # fmt: skip


def test_staff_add_a_venue(client, login_as, db):
    login_as("office_staff")
    response = client.post("/venues/new", data=_venue_form())
    assert response.status_code == 302
    venue = db.session.scalar(sa.select(Venue))
    assert venue.status == VenueStatus.PUBLISHED and venue.step_free and venue.hearing_loop
    assert not venue.quiet_room and venue.latitude == pytest.approx(52.3743)
    page = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    assert "Schilfhof 28, 14478 Potsdam" in page and "openstreetmap.org/?mlat=52.3743" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"street": ""}, "Please give the address."),
        ({"city": ""}, "Please give the city."),
        ({"longitude": ""}, "A map position needs both latitude and longitude."),
        ({"latitude": "91"}, "Please enter a number from -90 to 90."),
        ({"district": "99999"}, "Not a valid choice"),
    ],
)
def test_bad_venue_form_changes_nothing(client, login_as, db, overrides, message):
    login_as("office_staff")
    response = client.post("/venues/new", data=_venue_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Venue)) == 0


def test_initiative_suggests_a_venue_and_staff_moderate(client, login_as, db):
    login_as("initiative_rep")
    form = {k: v for k, v in _venue_form().items() if k not in ("latitude", "longitude")}
    assert client.post("/venues/suggest", data=form).status_code == 302
    venue = db.session.scalar(sa.select(Venue))
    assert venue.status == VenueStatus.PENDING
    assert "Bürgerhaus" not in client.get("/venues/").get_data(as_text=True)
    assert client.get("/venues/new").status_code == 403
    login_as("office_staff")
    assert "Bürgerhaus" in client.get("/venues/manage").get_data(as_text=True)
    response = client.post(f"/venues/{venue.id}/moderate", data={"decision": "publish"})
    assert response.status_code == 302 and venue.status == VenueStatus.PUBLISHED


def test_public_venue_list_filters_by_access(client, db):
    VenueFactory(name="Library", step_free=True, accessible_toilet=True)
    VenueFactory(name="Cellar club")
    VenueFactory(name="Waiting", status=VenueStatus.PENDING, step_free=True)
    page = client.get("/venues/?access=step_free").get_data(as_text=True)
    assert "Library" in page and "Cellar club" not in page and "Waiting" not in page
    response = client.get("/venues/?access=lift")
    assert response.status_code == 400 and "not known: lift" in response.get_data(as_text=True)


@pytest.fixture
def two_events(db):
    step_free = VenueFactory(name="Library", step_free=True, hearing_loop=True)
    stairs = VenueFactory(name="Cellar club")
    at_library = EventFactory(title="Reading circle", start_at=START, venue=step_free)
    EventFactory(title="Cellar concert", start_at=START, venue=stairs)
    EventFactory(title="Somewhere", start_at=START, location="Park")
    return step_free, at_library


def test_calendar_filters_to_step_free_venues(client, two_events):
    page = client.get("/calendar/list?from=2030-03-12&access=step_free").get_data(as_text=True)
    assert "Reading circle" in page and "Cellar concert" not in page and "Somewhere" not in page
    both = client.get("/calendar/list?from=2030-03-12&access=step_free&access=quiet_room")
    assert "Reading circle" not in both.get_data(as_text=True)
    api = client.get("/api/v1/events?from=2030-03-01&to=2030-03-31&access=step_free").get_json()
    assert [i["title"] for i in api["items"]] == ["Reading circle"]
    assert "Library" in api["items"][0]["location"]
    bad = client.get("/api/v1/events?access=lift")
    assert bad.status_code == 400 and bad.get_json()["error"] == "unknown access"


def test_event_page_shows_the_venue_and_json_ld_place(client, two_events):
    venue, event = two_events
    page = client.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert f"/venues/{venue.id}" in page and "Step-free access" in page
    [data] = json_ld_of(page)
    check_event(data)
    place = data["location"]
    assert place["name"] == "Library"
    assert place["address"] == {
        "@type": "PostalAddress", "streetAddress": "Hafenstraße 3", "postalCode": "14467",
        "addressLocality": "Potsdam",
    }  # fmt: skip
    features = {f["name"]: f["value"] for f in place["amenityFeature"]}
    assert features["Step-free access"] is True and features["Quiet room"] is False


def test_venue_page_lists_coming_events(client, two_events):
    venue, _event = two_events
    with time_machine.travel(START - timedelta(days=5)):
        page = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    assert "Reading circle" in page and "Cellar concert" not in page


def test_initiative_submits_event_at_a_venue(client, login_as, db):
    initiative = InitiativeFactory()
    venue = VenueFactory(district=DistrictFactory())
    user = rep_of(initiative)
    db.session.commit()
    login_as_user(client, user)
    data = {
        "title": "Repair café", "initiative": str(initiative.id), "venue": str(venue.id),
        "start_date": "2030-03-12", "start_time": "18:00", "end_date": "2030-03-12",
        "end_time": "20:00", "district": "", "frequency": "none", "repeat_interval": "1",
    }  # fmt: skip
    assert client.post("/calendar/new", data=data).status_code == 302
    event = db.session.scalar(sa.select(Event).filter_by(title="Repair café"))
    assert event.venue == venue and event.district_id == venue.district_id
    hidden = VenueFactory(status=VenueStatus.PENDING)
    response = client.post("/calendar/new", data=data | {"venue": str(hidden.id)})
    assert response.status_code == 422


def login_as_user(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_initiative_meets_at_a_venue(client, login_as, db):
    from office.directory.models import Representative

    user = login_as("initiative_rep")
    initiative = InitiativeFactory(name="Readers")
    initiative.representatives.append(Representative(user=user))
    library = VenueFactory(name="Library", step_free=True)
    hidden = VenueFactory(name="Hidden", status=VenueStatus.PENDING)
    db.session.flush()
    data = {"name": "Readers", "short_description": "We read.", "venue": str(hidden.id)}
    response = client.post(f"/initiatives/{initiative.id}/edit", data=data)
    assert response.status_code == 422 and initiative.venue_id is None
    response = client.post(f"/initiatives/{initiative.id}/edit", data=data | {"venue": str(library.id)})
    assert response.status_code == 302 and initiative.venue == library
    page = client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)
    assert f"/venues/{library.id}" in page and "Step-free access" in page
