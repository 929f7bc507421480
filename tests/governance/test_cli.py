"""`flask governance remind` as cron runs it (hourly): members 48 hours before a written
procedure's deadline, staff once it has passed; each reminder once."""

from datetime import timedelta

import time_machine

from office.governance.services import meetings as meeting_ops
from office.governance.services import review
from tests.factories import UserFactory
from tests.governance.factories import BoardMemberFactory, HelpRequestFactory, RulesVersionFactory
from tests.governance.test_services import NOW


def test_remind_members_before_and_staff_after_the_deadline_once(cron, db, outbox):
    RulesVersionFactory()
    members = [BoardMemberFactory() for _ in range(3)]
    staff = UserFactory(roles=["office_staff"])
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    item = meeting_ops.forward_request(
        staff, req, procedure="written", deadline=NOW + timedelta(days=3), now=NOW
    )
    review.cast_vote(members[0].user, members[0], item, "yes", now=NOW)
    db.session.commit()
    before = len(outbox.messages)
    for hours, reminders in ((1, 0), (23, 0), (25, 2), (26, 0), (73, 1), (74, 0)):
        with time_machine.travel(NOW + timedelta(hours=hours)):
            assert f"reminders queued: {reminders}" in cron("governance", "remind").output, hours
    new = outbox.messages[before:]
    assert sorted(m.recipient for m in new) == sorted(
        [members[1].email, members[2].email, staff.email]
    )
    assert all(f"http://localhost/board/items/{item.id}" in m.body_text for m in new)


def test_remind_a_failing_procedure_is_reported_and_the_others_are_reminded(
    cron, db, outbox, monkeypatch, job_status
):
    RulesVersionFactory()
    members = [BoardMemberFactory() for _ in range(2)]
    staff = UserFactory(roles=["office_staff"])
    broken, fine = (
        meeting_ops.forward_request(
            staff, HelpRequestFactory(status="in_triage", assignee=staff),
            procedure="written", deadline=NOW + timedelta(days=3), now=NOW,
        )
        for _ in range(2)
    )  # fmt: skip
    db.session.commit()
    real_queue = review.queue_mail

    def queue_mail(recipient, subject, template, **context):
        if context["item"].id == broken.id:
            raise OSError("template folder unreadable")
        return real_queue(recipient, subject, template, **context)

    monkeypatch.setattr(review, "queue_mail", queue_mail)
    with time_machine.travel(NOW + timedelta(hours=25)):
        result = cron("governance", "remind", exit_code=1)
    assert f"agenda item {broken.id}: OSError: template folder unreadable" in result.output
    status = job_status("governance remind")
    assert "succeeded never" in status and "template folder unreadable" in status
    db.session.expire_all()
    assert (broken.reminded, fine.reminded) == (None, "members")
    reminders = [m for m in outbox.messages if m.subject.startswith("Reminder")]
    assert sorted(m.recipient for m in reminders) == sorted(m.email for m in members)
    assert all(f"/items/{fine.id}" in m.body_text for m in reminders)
    monkeypatch.setattr(review, "queue_mail", real_queue)
    with time_machine.travel(NOW + timedelta(hours=26)):
        assert "reminders queued: 2" in cron("governance", "remind").output  # the retry
    assert "succeeded never" not in job_status("governance remind")
