"""Venue operations without a request: staff publish, initiatives suggest, moderation mails."""

import pytest

from office.core.errors import DomainError, NotFound
from office.venues.models import VenueStatus
from office.venues.services import VenueData, moderate_venue, save_venue
from tests.factories import UserFactory
from tests.venues.factories import VenueFactory


def _data(**changes) -> VenueData:
    base = dict(name="Bürgerhaus", street="Schilfhof 28", city="Potsdam", step_free=True)
    return VenueData(**(base | changes))


def test_staff_venue_is_published_with_position(db):
    staff = UserFactory(roles=["office_staff"])
    venue = save_venue(staff, None, _data(latitude=52.37, longitude=13.08))
    assert venue.status == VenueStatus.PUBLISHED and venue.step_free
    assert (venue.latitude, venue.longitude) == (52.37, 13.08)


def test_initiative_suggestion_waits_and_is_told_the_decision(db, outbox):
    rep = UserFactory(roles=["initiative_rep"], email="rep@example.org", locale="de")
    staff = UserFactory(roles=["office_staff"])
    venue = save_venue(rep, None, _data())
    assert venue.status == VenueStatus.PENDING and venue.suggested_by == rep
    moderate_venue(staff, venue, "publish", "")
    assert venue.status == VenueStatus.PUBLISHED
    [mail] = outbox.to("rep@example.org")
    assert "Bürgerhaus" in mail.body_text and "Verzeichnis" in mail.body_text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"street": "  "}, "street"),
        ({"city": ""}, "street"),
        ({"latitude": 52.1}, "latitude"),
        ({"district": 999999}, "district"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_venue_is_refused_and_nothing_stored(db, changes, field):
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError) as refused:
        save_venue(staff, None, _data(**changes))
    assert refused.value.field == field


def test_only_staff_place_on_the_map_and_edit(db):
    rep = UserFactory(roles=["initiative_rep"])
    with pytest.raises(DomainError):
        save_venue(rep, None, _data(latitude=52.1, longitude=13.1))
    with pytest.raises(NotFound):
        save_venue(rep, VenueFactory(), _data())
    with pytest.raises(NotFound):
        save_venue(UserFactory(roles=[]), None, _data())


def test_rejection_needs_a_reason_and_only_from_pending(db):
    staff = UserFactory(roles=["office_staff"])
    pending = VenueFactory(status=VenueStatus.PENDING)
    with pytest.raises(DomainError):
        moderate_venue(staff, pending, "reject", " ")
    with pytest.raises(DomainError):
        moderate_venue(staff, VenueFactory(), "reject", "Closed")
    moderate_venue(staff, pending, "reject", "Closed for renovation")
    assert pending.status == VenueStatus.REJECTED
