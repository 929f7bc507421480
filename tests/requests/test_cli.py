"""`flask requests remind` as cron runs it: due soon, then overdue, each reminder once."""

from datetime import UTC, datetime

import time_machine

from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory

# Friday 20 November 2026, 08:00 in the office's time zone (cron: daily at 07:00 UTC)
NOW = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


def test_remind_due_soon_then_overdue_once_each_with_a_link(cron, db, outbox):
    staff = UserFactory(roles=["office_staff"], locale="en")
    # first response due Monday 10:00 (office time): 7 working hours left on Friday morning
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    req = HelpRequestFactory(status="in_triage", assignee=staff, due_at=monday)
    db.session.commit()
    with time_machine.travel(NOW):
        assert "reminders queued: 1" in cron("requests", "remind").output
        assert "reminders queued: 0" in cron("requests", "remind").output
    with time_machine.travel(datetime(2026, 11, 24, 7, 0, tzinfo=UTC)):
        assert "reminders queued: 1" in cron("requests", "remind").output
    with time_machine.travel(datetime(2026, 11, 25, 7, 0, tzinfo=UTC)):
        assert "reminders queued: 0" in cron("requests", "remind").output
    subjects = [m.subject for m in outbox.to(staff.email)]
    assert subjects == [
        f"Request {req.reference} is due soon",
        f"Request {req.reference} is overdue",
    ]
    assert all(f"http://localhost/requests/{req.id}" in m.body_text for m in outbox.to(staff.email))


def test_remind_leaves_answered_requests_alone_and_unassigned_ones_go_to_staff(cron, db, outbox):
    long_ago = datetime(2020, 1, 6, 15, 0, tzinfo=UTC)
    nobodys = HelpRequestFactory(status="submitted", due_at=long_ago)
    answered = HelpRequestFactory(status="in_progress", assignee=UserFactory(roles=["office_staff"]),
                                  due_at=long_ago, first_response_at=NOW)  # fmt: skip
    db.session.commit()
    assert "reminders queued: 1" in cron("requests", "remind").output
    assert (
        outbox.to(answered.assignee.email)[0].subject == f"Request {nobodys.reference} is overdue"
    )
    assert all(nobodys.reference in m.subject for m in outbox.messages)


def test_remind_a_failing_request_is_reported_and_the_others_are_reminded(
    cron, db, outbox, monkeypatch, job_status
):
    from office.requests.services import queue

    staff = UserFactory(roles=["office_staff"], locale="en")
    long_ago = datetime(2020, 1, 6, 15, 0, tzinfo=UTC)
    broken, fine = (
        HelpRequestFactory(status="in_triage", assignee=staff, due_at=long_ago) for _ in range(2)
    )
    db.session.commit()
    real_reminder = queue._queue_reminder

    def reminder(req, state, user):
        if req.id == broken.id:
            raise OSError("template folder unreadable")
        real_reminder(req, state, user)

    monkeypatch.setattr(queue, "_queue_reminder", reminder)
    with time_machine.travel(NOW):
        result = cron("requests", "remind", exit_code=1)
        assert f"request {broken.id}: OSError: template folder unreadable" in result.output
        status = job_status("requests remind")
        assert "succeeded never" in status and "template folder unreadable" in status
        assert [m.subject for m in outbox.to(staff.email)] == [
            f"Request {fine.reference} is overdue"
        ]
        monkeypatch.setattr(queue, "_queue_reminder", real_reminder)
        assert "reminders queued: 1" in cron("requests", "remind").output  # the retry
    assert outbox.to(staff.email)[-1].subject == f"Request {broken.reference} is overdue"
    assert "succeeded never" not in job_status("requests remind")
