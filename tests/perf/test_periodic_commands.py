"""Periodic commands run from cron on several app servers at once send each reminder once.

Server A runs `requests remind` and holds its transaction open; server B starts the same
command meanwhile. B must wait for A (row locks on PostgreSQL, the single writer on SQLite)
and then find the reminder sent: one email, not two.
"""

import threading
import time
from datetime import UTC, datetime

import sqlalchemy as sa

from office import create_app
from office.core.db import write_intent
from office.core.models import OutboxMessage
from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _server(app):
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "OFFICE_BASE_URL": "http://localhost",
        }
    )


def test_request_reminders_from_two_servers_at_once_are_sent_once(app, committed_db):
    from office.extensions import db
    from office.requests.services import queue

    staff = UserFactory(roles=["office_staff"])
    HelpRequestFactory(
        status="in_triage", assignee=staff, due_at=datetime(2026, 11, 18, 15, tzinfo=UTC)
    )
    email = staff.email
    committed_db.session.commit()
    a_inside, results, errors = threading.Event(), {}, []

    def run(name, server, hold):
        try:
            with server.test_request_context(), write_intent():
                if name == "b":
                    a_inside.wait(10)
                results[name] = queue.remind(NOW)
                if hold:
                    a_inside.set()
                    time.sleep(1.0)  # B starts now, while A's transaction is still open
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
            a_inside.set()

    threads = [
        threading.Thread(target=run, args=("a", _server(app), True)),
        threading.Thread(target=run, args=("b", _server(app), False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert results == {"a": 1, "b": 0}
    committed_db.session.rollback()  # a fresh snapshot (SQLite keeps the old one otherwise)
    mails = committed_db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == email)
    ).all()
    assert len(mails) == 1
