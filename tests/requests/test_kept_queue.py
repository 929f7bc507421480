"""The request queue is kept whole per viewer (office.core.staff_pages): never stale, never
another viewer's, its forms' CSRF tokens the viewer's own."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from flask import g

from office.auth import services as accounts
from office.governance.services import meetings as meeting_ops
from office.requests.services import workflow
from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory, RulesVersionFactory
from tests.governance.test_services import NOW
from tests.processes.querycount import recorded_statements, without_tokens

BOARD_QUEUE = "/requests/queue?status=board_review"


def _page(client) -> str:
    # one request, one `g` (as in production; the tests' pushed app context keeps one `g`
    # for all requests, and with it the CSRF token flask-wtf keeps there)
    g.pop("csrf_token", None)
    return client.get("/requests/queue").get_data(as_text=True)


def _tokens(page: str) -> list[str]:
    return re.findall(r'name="csrf_token" value="([^"]+)"', page)


def test_kept_queue_is_built_once_and_then_reads_no_requests(client, login_as, db):
    login_as("office_staff")
    HelpRequestFactory(title="Bench by the pond")
    db.session.commit()
    assert "Bench by the pond" in client.get("/requests/queue").get_data(as_text=True)
    with recorded_statements() as statements:
        assert "Bench by the pond" in client.get("/requests/queue").get_data(as_text=True)
    assert without_tokens(statements) == []


def test_kept_queue_shows_a_request_the_board_domain_took_over_on_the_next_load(
    client, login_as, db
):
    login_as("office_staff")
    RulesVersionFactory()
    colleague = UserFactory(roles=["office_staff"])
    req = HelpRequestFactory(title="Bench by the pond", status="in_triage", assignee=colleague)
    db.session.commit()
    assert "Bench by the pond" not in client.get(BOARD_QUEUE).get_data(as_text=True)
    meeting_ops.forward_request(
        colleague, req, procedure="written", deadline=NOW + timedelta(days=3), now=NOW
    )
    db.session.commit()
    assert "Bench by the pond" in client.get(BOARD_QUEUE).get_data(as_text=True)


def test_kept_queue_shows_a_colleagues_status_change_and_new_name(client, login_as, db):
    login_as("office_staff")
    colleague = UserFactory(roles=["office_staff"], name="Carla Colleague")
    req = HelpRequestFactory(title="Bench by the pond", status="submitted")
    db.session.commit()
    assert "Carla Colleague" not in client.get("/requests/queue").get_data(as_text=True)
    workflow.transition(colleague, req, "in_triage", assignee=colleague, now=NOW)
    db.session.commit()
    assert "Carla Colleague" in client.get("/requests/queue").get_data(as_text=True)
    colleague.name = "Carla Renamed"
    db.session.commit()
    assert "Carla Renamed" in client.get("/requests/queue").get_data(as_text=True)


def test_kept_queue_is_never_another_viewers(client, client_of, login_as, db):
    login_as("office_staff", name="Anna Staff")
    bert = UserFactory(roles=["admin"], name="Bert Admin")
    db.session.commit()
    anna_page = client.get("/requests/queue").get_data(as_text=True)
    bert_page = client_of(bert).get("/requests/queue").get_data(as_text=True)
    assert "Anna Staff" in anna_page and "Bert Admin" not in anna_page
    assert "Bert Admin" in bert_page and "Anna Staff" not in bert_page
    assert "Anna Staff" in client.get("/requests/queue").get_data(as_text=True)


def test_kept_queue_refused_once_the_staff_role_is_taken_away(client, login_as, db):
    user = login_as("office_staff")
    admin = UserFactory(roles=["admin"])
    db.session.commit()
    assert client.get("/requests/queue").status_code == 200
    accounts.update_account(admin, user, ["department_staff"], active=True)
    db.session.commit()
    assert client.get("/requests/queue").status_code == 403


def test_kept_queue_forms_carry_the_viewers_own_valid_token(
    client, client_of, login_as, db, csrf_enabled
):
    login_as("office_staff")
    other = client_of(UserFactory(roles=["office_staff"]))
    db.session.commit()
    _page(client)
    _page(other)
    tokens = set(_tokens(_page(client)))
    assert len(tokens) == 1
    assert tokens.isdisjoint(_tokens(_page(other)))
    response = client.post("/account/logout", data={"csrf_token": tokens.pop()})
    assert response.status_code in (302, 303)
    assert client.get("/requests/queue").status_code == 302  # logged out: to the login page


def test_kept_queue_shows_a_flash_message_once(client, login_as, db):
    login_as("office_staff")
    client.get("/requests/queue")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "The closing day has been added.")]
    assert "The closing day has been added." in client.get("/requests/queue").text
    assert "The closing day has been added." not in client.get("/requests/queue").text


def test_kept_queue_marks_a_request_overdue_once_its_deadline_passes(client, login_as, db):
    """The overdue marks are as of the last five minutes, never older."""
    due = datetime(2026, 11, 20, 10, 2, tzinfo=UTC)  # a Friday morning, working hours
    HelpRequestFactory(title="Bench by the pond", due_at=due, first_response_due_at=due)
    overdue = '<span class="badge badge-error">overdue'
    with time_machine.travel(due - timedelta(minutes=3), tick=False):
        login_as("office_staff")
        page = client.get("/requests/queue").text
        assert "Bench by the pond" in page and overdue not in page
        assert overdue not in client.get("/requests/queue").text
    with time_machine.travel(due + timedelta(minutes=6), tick=False):
        assert overdue in client.get("/requests/queue").text
