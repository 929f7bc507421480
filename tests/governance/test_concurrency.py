"""Two staff members (or two servers) act on one board item or help request at the same moment.

Server A does its change and keeps its transaction open for a second; server B starts the
same kind of change meanwhile. With the row locks B waits for A, reads what A committed and
is refused with a clear message: one decision, one status change, one mail. The negative
control takes the lock away: on PostgreSQL B then acts on the old state (two status changes,
two mails; a second decision fails on the unique constraint, a server error instead of a
message). On SQLite the single writer (BEGIN IMMEDIATE) serialises A and B even without it.
"""

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from office import create_app
from office.auth.models import User
from office.core.db import write_intent
from office.core.errors import DomainError
from office.core.models import OutboxMessage
from office.extensions import db
from office.governance.models import AgendaItem, Decision
from office.governance.services import meetings as meeting_ops
from office.governance.services import review
from office.requests.models import HelpRequest, RequestEvent
from office.requests.services import workflow
from office.requests.services.workflow import transition
from tests.factories import UserFactory
from tests.governance.factories import BoardMemberFactory, HelpRequestFactory, RulesVersionFactory
from tests.governance.test_services import NOW

pytestmark = pytest.mark.concurrency


def _server(app):
    return create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
                       "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "OFFICE_BASE_URL": "http://localhost", "BABEL_DEFAULT_LOCALE": "en"})  # fmt: skip


def _race(app, act_a, act_b) -> dict:
    """A acts and holds its transaction open; B acts meanwhile. Returns each one's outcome."""
    a_inside, results = threading.Event(), {}

    def run(name, server, act, hold):
        with server.app_context(), write_intent():
            try:
                if name == "b":
                    a_inside.wait(10)
                act()
                if hold:
                    a_inside.set()
                    time.sleep(1.0)
                db.session.commit()
                results[name] = "done"
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
                db.session.rollback()
                results[name] = exc
                a_inside.set()
            finally:
                db.session.remove()

    # the apps are made here: building them in the threads at once trips CPython's compiler
    servers = _server(app), _server(app)
    threads = [threading.Thread(target=run, args=("a", servers[0], act_a, True)),
               threading.Thread(target=run, args=("b", servers[1], act_b, False))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _count(committed_db, stmt) -> int:
    committed_db.session.rollback()  # a fresh snapshot
    return committed_db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))


def _request_race(app, committed_db):
    staff = UserFactory(roles=["office_staff"])
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    committed_db.session.commit()
    staff_id, req_id, email = staff.id, req.id, req.requester_email

    def move(target, **given):
        def act():
            transition(db.session.get(User, staff_id), db.session.get(HelpRequest, req_id),
                       target, **given)  # fmt: skip

        return act

    results = _race(app, move("declined", reason="Out of scope"),
                    move("accepted"))  # fmt: skip
    events = _count(committed_db, sa.select(RequestEvent).where(RequestEvent.request_id == req_id))
    mails = _count(committed_db, sa.select(OutboxMessage).where(OutboxMessage.recipient == email))
    return results, events, mails


@pytest.mark.parametrize("locking", [True, False], ids=["locked", "negative-control"])
def test_two_staff_moving_one_request_at_once_record_one_change(
    app, committed_db, monkeypatch, locking
):
    if not locking:
        monkeypatch.setattr(workflow, "locked", lambda req: req)
    results, events, mails = _request_race(app, committed_db)
    if not locking and committed_db.engine.dialect.name == "postgresql":
        assert results == {"a": "done", "b": "done"} and (events, mails) == (2, 2)
        return
    # with the lock (and on SQLite, whose single writer is the lock)
    assert results["a"] == "done" and isinstance(results["b"], DomainError)
    assert "cannot become" in str(results["b"].message)
    assert (events, mails) == (1, 1)


def _decision_race(app, committed_db):
    RulesVersionFactory()
    members = [BoardMemberFactory() for _ in range(5)]
    staff = UserFactory(roles=["office_staff"])
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    item = meeting_ops.forward_request(staff, req, procedure="written",
                                  deadline=NOW + timedelta(days=3), now=NOW)  # fmt: skip
    for member in members:
        review.cast_vote(member.user, member, item, "yes", now=NOW)
    committed_db.session.commit()
    staff_id, item_id, email = staff.id, item.id, req.requester_email

    def decide():
        review.decide(db.session.get(User, staff_id), db.session.get(AgendaItem, item_id),
                      "Agreed", now=NOW + timedelta(days=4))  # fmt: skip

    results = _race(app, decide, decide)
    decisions = _count(committed_db, sa.select(Decision).where(Decision.item_id == item_id))
    mails = _count(committed_db, sa.select(OutboxMessage).where(
        OutboxMessage.recipient == email, OutboxMessage.subject.like("Decision%")))  # fmt: skip
    return results, decisions, mails


@pytest.mark.parametrize("locking", [True, False], ids=["locked", "negative-control"])
def test_two_staff_recording_one_decision_at_once_are_told_it_is_decided(
    app, committed_db, monkeypatch, locking
):
    if not locking:
        monkeypatch.setattr(review, "locked_item", lambda item: item)
    results, decisions, mails = _decision_race(app, committed_db)
    assert (decisions, mails) == (1, 1)  # the unique constraint holds even without the lock
    if not locking and committed_db.engine.dialect.name == "postgresql":
        assert isinstance(results["b"], sa.exc.IntegrityError)  # ... as a server error
        return
    assert results["a"] == "done" and isinstance(results["b"], DomainError)
    assert "decided already" in str(results["b"].message)
