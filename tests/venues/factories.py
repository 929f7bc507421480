import factory

from office.venues.models import Venue, VenueStatus
from tests.factories import BaseFactory


class VenueFactory(BaseFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Community centre {n}")
    street = "Hafenstraße 3"
    postcode = "14467"
    city = "Potsdam"
    status = VenueStatus.PUBLISHED
