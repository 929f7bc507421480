"""`flask events ...` as cron runs them (daily): sign-ups go 30 days after their date; the
stored occurrences of series follow the rolling horizon."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from office.events.models import Event, EventOccurrence, EventSignup
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


def _stored_days(db, event):
    starts = db.session.scalars(
        sa.select(EventOccurrence.start_at).where(EventOccurrence.event_id == event.id)
    )
    return sorted(s.astimezone(ZoneInfo("Europe/Berlin")).date() for s in starts)


def test_extend_occurrences_stores_what_came_within_the_horizon(cron, db):
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime.combine(date(2031, 3, 22), time(19), berlin)  # crosses 30 March 2031
    rrule = "FREQ=WEEKLY;COUNT=6"
    series = EventFactory(
        start_at=start, end_at=start + timedelta(hours=2), rrule=rrule,
        series_end_at=start + timedelta(weeks=5, hours=2),
    )  # fmt: skip
    db.session.commit()
    assert _stored_days(db, series) == []  # beyond the horizon the migration set
    with time_machine.travel(datetime(2030, 3, 1, 2, 20, tzinfo=UTC)):  # horizon: 5 April 2031
        assert "stored 2 occurrences" in cron("events", "extend-occurrences").output
    with time_machine.travel(datetime(2030, 4, 1, 1, 20, tzinfo=UTC)):
        assert "stored 4 occurrences" in cron("events", "extend-occurrences").output
        assert "stored 0 occurrences" in cron("events", "extend-occurrences").output
    assert _stored_days(db, series) == [date(2031, 3, 22) + timedelta(weeks=i) for i in range(6)]
    db.session.execute(sa.delete(EventOccurrence))
    db.session.commit()
    with time_machine.travel(datetime(2030, 4, 1, 1, 20, tzinfo=UTC)):
        result = cron("events", "extend-occurrences", "--rebuild")
    assert "stored 6 occurrences" in result.output
    assert len(_stored_days(db, series)) == 6


def test_send_surveys_once_after_the_date(cron, db, outbox):
    event = EventFactory(title="Repair café", capacity=3)
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW, locale="de")
    db.session.commit()
    with time_machine.travel(datetime(2030, 3, 12, 19, 0, tzinfo=UTC)):  # still on
        assert "sent 0 surveys" in cron("events", "send-surveys").output
    with time_machine.travel(datetime(2030, 3, 13, 8, 40, tzinfo=UTC)):
        assert "sent 1 surveys" in cron("events", "send-surveys").output
        assert "sent 0 surveys" in cron("events", "send-surveys").output
    [mail] = [m for m in outbox.to("ann@example.org") if "/calendar/survey/" in m.body_text]
    assert "Repair café" in mail.subject and "anonym" in mail.body_text


def _ann_and_bo(db, first, second):
    """Ann signs up for `first`, Bo for `second`, both for 12 March 2030."""
    ann = signups.sign_up(first.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    bo = signups.sign_up(second.id, date(2030, 3, 12), "Bo", "bo@example.org", NOW)
    db.session.commit()
    return ann, bo


def test_purge_signups_an_event_the_database_refuses_is_reported_the_others_go(
    cron, db, db_refuses, job_status
):
    kept, purged = EventFactory(capacity=3), EventFactory(capacity=3)
    held, _ = _ann_and_bo(db, kept, purged)
    db_refuses("event_signups", "DELETE", held.id)
    with time_machine.travel(datetime(2030, 4, 12, 1, 15, tzinfo=UTC)):
        result = cron("events", "purge-signups", exit_code=1)
        assert f"sign-ups of event {kept.id}: " in result.output
        status = job_status("events purge-signups")
    assert "succeeded never" in status and "refused by the database" in status
    assert "deleted 1" in status  # what the run did despite the failure
    assert _left(db) == ["ann@example.org"]


def test_extend_occurrences_a_series_whose_rule_breaks_is_reported_the_others_stored(
    cron, db, job_status
):
    start = datetime(2031, 3, 22, 18, 0, tzinfo=UTC)
    broken, fine = (
        EventFactory(
            start_at=start, end_at=start + timedelta(hours=2), rrule="FREQ=WEEKLY;COUNT=6",
            series_end_at=start + timedelta(weeks=5, hours=2),
        )
        for _ in range(2)
    )  # fmt: skip
    db.session.commit()
    # a rule written past the form (an import, a hand edit) that no calendar can expand
    db.session.execute(sa.update(Event).where(Event.id == broken.id).values(rrule="FREQ=SOMETIMES"))
    db.session.commit()
    with time_machine.travel(datetime(2030, 4, 1, 1, 20, tzinfo=UTC)):
        result = cron("events", "extend-occurrences", exit_code=1)
        status = job_status("events extend-occurrences")
    assert f"event {broken.id}: ValueError" in result.output
    assert "succeeded never" in status and f"event {broken.id}: ValueError" in status
    assert (len(_stored_days(db, broken)), len(_stored_days(db, fine))) == (0, 6)


def test_send_surveys_a_sign_up_the_database_refuses_is_reported_the_others_get_theirs(
    cron, db, outbox, db_refuses, job_status
):
    event = EventFactory(title="Repair café", capacity=3)
    ann, _ = _ann_and_bo(db, event, event)
    db_refuses("event_signups", "UPDATE", ann.id)
    with time_machine.travel(datetime(2030, 3, 13, 8, 40, tzinfo=UTC)):
        result = cron("events", "send-surveys", exit_code=1)
        status = job_status("events send-surveys")
    assert f"sign-up {ann.id}: " in result.output and "refused by the database" in status
    assert "succeeded never" in status and "sent 1" in status
    surveyed = [m.recipient for m in outbox.messages if "/calendar/survey/" in m.body_text]
    assert surveyed == ["bo@example.org"]
