"""Two people take the last place at the same moment: exactly one gets it."""

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.core.db import write_intent
from office.events.models import EventSignup
from office.events.services import signups
from tests.events.factories import EventFactory

pytestmark = pytest.mark.concurrency

DAY = date(2030, 3, 12)
NOW = datetime(2030, 3, 1, tzinfo=UTC)


def _race(app, event_id) -> list:
    """Two sign-ups whose counts overlap in time (each waits after counting)."""
    outcomes = []
    barrier = threading.Barrier(2)

    def sign_up(email):
        with app.test_request_context():
            from office.extensions import db

            barrier.wait(timeout=10)
            try:
                with write_intent():
                    signups.sign_up(event_id, DAY, "Neighbour", email, NOW)
                    db.session.commit()
                outcomes.append("booked")
            except Exception as exc:  # noqa: BLE001 - the refusal or the database's own error
                db.session.rollback()
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(f"n{i}@example.org",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.fixture
def slow_count(monkeypatch):
    original = signups.taken_places

    def slow(*args):
        taken = original(*args)
        time.sleep(0.4)  # the other sign-up counts meanwhile, unless it waits for the lock
        return taken

    monkeypatch.setattr(signups, "taken_places", slow)


def _last_place_event(db):
    event = EventFactory(capacity=1, start_at=datetime(2030, 3, 12, 17, tzinfo=UTC))
    event.end_at = event.start_at + timedelta(hours=2)
    event.series_end_at = event.end_at
    db.session.commit()
    return event.id


def _booked(db, event_id):
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(EventSignup).filter_by(event_id=event_id)
    )


def test_concurrent_signups_for_last_place_book_it_once(app, committed_db, slow_count):
    event_id = _last_place_event(committed_db)
    outcomes = _race(app, event_id)
    assert sorted(outcomes) == ["DomainError", "booked"]
    assert _booked(committed_db, event_id) == 1


def test_without_lock_the_race_is_not_safe(app, committed_db, slow_count, monkeypatch):
    """Negative control: without the row lock (and SQLite's write lock) the race is lost."""
    from contextlib import nullcontext

    monkeypatch.setattr(signups, "for_update", lambda stmt: stmt)
    monkeypatch.setattr(f"{__name__}.write_intent", nullcontext)
    event_id = _last_place_event(committed_db)
    outcomes = _race(app, event_id)
    if committed_db.engine.dialect.name == "postgresql":
        # both counted zero and both inserted: overbooked
        assert outcomes == ["booked", "booked"]
        assert _booked(committed_db, event_id) == 2
    else:
        # SQLite refuses the second writer's stale snapshot instead of overbooking
        assert "booked" in outcomes and "DomainError" not in outcomes
        assert _booked(committed_db, event_id) == 1
