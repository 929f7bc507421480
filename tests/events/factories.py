from datetime import UTC, datetime, timedelta

import factory

from office.events.models import Event
from tests.factories import BaseFactory

START = datetime(2030, 3, 12, 18, 0, tzinfo=UTC)


class EventFactory(BaseFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    start_at = START
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(hours=2))
    series_end_at = factory.LazyAttribute(lambda o: o.end_at)
    organiser_kind = "office"
    organiser_name = "Participation office"
    status = "published"
    rrule = ""
    exdates = factory.LazyFunction(list)
