"""`flask events purge-signups` as cron runs it (daily): sign-ups go 30 days after their date."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
import time_machine

from office.events.models import EventSignup
from office.events.services import signups
from tests.events.factories import START, EventFactory
from tests.events.test_services import NOW


def _left(db):
    return sorted(db.session.scalars(sa.select(EventSignup.email)))


def test_purge_signups_deletes_only_those_30_days_past(cron, db):
    early = EventFactory(capacity=3)
    late = EventFactory(capacity=3, start_at=START + timedelta(days=8))
    signups.sign_up(early.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    signups.sign_up(late.id, date(2030, 3, 20), "Bo", "bo@example.org", NOW)
    db.session.commit()
    with time_machine.travel(datetime(2030, 4, 10, 1, 15, tzinfo=UTC)):
        assert "deleted 0 sign-ups" in cron("events", "purge-signups").output
    with time_machine.travel(datetime(2030, 4, 12, 1, 15, tzinfo=UTC)):
        assert "deleted 1 sign-ups" in cron("events", "purge-signups").output
        assert "deleted 0 sign-ups" in cron("events", "purge-signups").output
    assert _left(db) == ["bo@example.org"]
