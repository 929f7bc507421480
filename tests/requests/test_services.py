from datetime import UTC, date, datetime, timedelta

import pytest

from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.models import ClosingDay
from office.requests.interface import decide_by_board
from office.requests.services import intake, queue, workflow
from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
FRIDAY_NOON = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def test_submit_by_department_is_confirmed_with_due_date_in_working_hours(db, outbox):
    db.session.add(ClosingDay(day=date(2026, 11, 23), name="Closure"))
    user = UserFactory(roles=["department_staff"])
    req = intake.submit_request(user, "process_help", title="Plan a process",
                                  details={"topic_area": "Traffic", "unknown": "x"}, now=FRIDAY_NOON)  # fmt: skip
    assert req.email_confirmed_at == FRIDAY_NOON
    # Friday 12:00 (Berlin) -> 13:00 is 1 working hour, Monday closed, Tue-Wed 8+7 more hours
    assert req.first_response_due_at == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    assert req.details == {"topic_area": "Traffic"}
    assert [m.recipient for m in outbox.messages] == [user.email]


def test_submit_by_public_needs_confirmation_link(db, outbox):
    contact = intake.Contact(name="Rita Resident", email="Rita@Example.org")
    req = intake.submit_request(contact, "initiative_support", title="A room")
    assert req.email_confirmed_at is None and req.due_at is None
    mail = outbox.to("rita@example.org")[0]
    token = intake.confirm_token(req)
    assert token in mail.body_text
    intake.confirm_email(token)
    assert req.email_confirmed_at is not None and req.first_response_due_at is not None
    assert intake.request_from_access_token(intake.access_token(req)) is req


def test_submit_type_not_for_public_is_refused(db):
    with pytest.raises(DomainError):
        intake.submit_request(intake.Contact("A", "a@example.org"), "process_help", title="x")


def test_submit_for_another_module_with_source(db):
    user = UserFactory(roles=["initiative_rep"])
    req = intake.submit_request(user, "tailor_made_course", title="Course", source="courses",
                                  details={"audience": "Youth workers", "participants": 12})  # fmt: skip
    assert req.source == "courses" and req.details["participants"] == "12"


@pytest.mark.parametrize(
    ("data", "ok"),
    [(PDF, True), (PNG, True), (b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
     (b"<html><script>", False), (b"GIF89a....", False)],
)  # fmt: skip
def test_attachments_checked_by_content(db, app, data, ok):
    user = UserFactory(roles=["department_staff"])
    upload = intake.Upload("file.pdf", data)
    if ok:
        req = intake.submit_request(user, "other", title="x", attachments=[upload])
        assert req.attachments[0].stored_name != "file.pdf"
    else:
        with pytest.raises(DomainError):
            intake.submit_request(user, "other", title="x", attachments=[upload])


def test_attachment_too_large_is_refused(db):
    user = UserFactory(roles=["department_staff"])
    big = intake.Upload("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    with pytest.raises(DomainError):
        intake.submit_request(user, "other", title="x", attachments=[big])


def test_transition_not_allowed_is_refused_and_nothing_changes(db, outbox):
    req = HelpRequestFactory(status="done")
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError, match="cannot become"):
        workflow.transition(staff, req, "submitted")
    assert req.status == "done" and req.events == [] and outbox.messages == []


def test_transition_logs_and_emails_requester(db, outbox):
    req = HelpRequestFactory()
    staff = UserFactory(roles=["office_staff"])
    workflow.transition(staff, req, "in_triage", assignee=staff)
    with pytest.raises(DomainError, match="reason"):
        workflow.transition(staff, req, "declined")
    workflow.transition(staff, req, "declined", reason="Out of scope")
    assert [(e.from_status, e.to_status, e.actor_name) for e in req.events] == [
        ("submitted", "in_triage", staff.name), ("in_triage", "declined", staff.name)]  # fmt: skip
    assert len(outbox.to(req.requester_email)) == 2
    assert req.first_response_at is not None and req.closed_at is not None


def test_remind_is_idempotent(db, outbox):
    staff = UserFactory(roles=["office_staff"])
    HelpRequestFactory(
        status="in_triage", assignee=staff, due_at=datetime(2026, 11, 18, 15, tzinfo=UTC)
    )
    now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert queue.remind(now) == 1
    assert queue.remind(now) == 0
    assert queue.remind(now + timedelta(days=1)) == 0
    assert len(outbox.to(staff.email)) == 1


def test_requester_sees_only_own_request(db):
    req = HelpRequestFactory()
    other = UserFactory(roles=["department_staff"])
    board = UserFactory(roles=["board_member"])
    assert workflow.can_view(req.requester, req)
    assert not workflow.can_view(other, req)
    assert not workflow.can_view(board, req)
    req.status = "board_review"
    assert workflow.can_view(board, req)


def test_personal_data_export_and_erase(db):
    from office.requests import privacy as personal_data

    req = HelpRequestFactory(requester_email="rita@example.org")
    assert personal_data.export("rita@example.org")["help_requests"][0]["title"] == req.title
    assert personal_data.erase("rita@example.org") == 1
    assert personal_data.export("rita@example.org") == {
        "help_requests": [],
        "mail_to_the_office": [],
    }


def test_remind_command_queues_once(app, db, outbox):
    staff = UserFactory(roles=["office_staff"])
    HelpRequestFactory(
        status="in_triage", assignee=staff, due_at=datetime(2020, 1, 6, 15, tzinfo=UTC)
    )
    runner = app.test_cli_runner()
    assert "reminders queued: 1" in runner.invoke(args=["requests", "remind"]).output
    assert "reminders queued: 0" in runner.invoke(args=["requests", "remind"]).output
    assert len(outbox.to(staff.email)) == 1


def test_request_under_board_review_is_decided_by_the_board_only(db):
    req = HelpRequestFactory(status="board_review")
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError, match="advisory board decides"):
        workflow.transition(staff, req, "accepted")
    decision = type("Decision", (), {"rationale": "Good idea"})()
    decide_by_board(req, True, "Good idea", utcnow(), decision=decision, outcome_label="adopted")
    assert req.status == "accepted" and req.events[-1].actor_name == "Advisory board"
    with pytest.raises(DomainError, match="no longer under review"):
        decide_by_board(req, False, "No", utcnow(), decision=decision, outcome_label="rejected")
