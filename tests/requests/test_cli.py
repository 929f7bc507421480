"""`flask requests remind` as cron runs it: due soon, then overdue, each reminder once."""

from datetime import UTC, date, datetime

import time_machine

from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory

# Friday 20 November 2026, 08:00 in the office's time zone (cron: daily at 07:00 UTC)
NOW = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


def test_remind_due_soon_then_overdue_once_each_with_a_link(cron, db, outbox):
    staff = UserFactory(roles=["office_staff"], locale="en")
    req = HelpRequestFactory(status="in_triage", assignee=staff, due_on=date(2026, 11, 23))
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


def test_remind_leaves_answered_and_unassigned_requests_alone(cron, db, outbox):
    HelpRequestFactory(status="in_triage", due_on=date(2020, 1, 6))
    answered = HelpRequestFactory(status="in_progress", assignee=UserFactory(roles=["office_staff"]),
                                  due_on=date(2020, 1, 6), first_response_at=NOW)  # fmt: skip
    db.session.commit()
    assert "reminders queued: 0" in cron("requests", "remind").output
    assert outbox.to(answered.assignee.email) == []
