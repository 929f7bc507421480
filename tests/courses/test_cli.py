"""`flask courses decide` as cron runs it (the CLI, no request context), on every path."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from office.core.clock import local_now, utcnow
from office.courses.models import Registration
from office.courses.services.decisions import override_decision
from tests.courses.factories import RunFactory, fill
from tests.factories import UserFactory


def _due_run(db, confirmed: int, waitlisted: int = 0, **attrs):
    run = RunFactory(first_day=local_now().date() + timedelta(days=2), **attrs)
    fill(run, confirmed)
    fill(run, waitlisted, status="waitlisted")
    db.session.commit()
    return run


def _subjects(outbox, registration):
    return [m.subject for m in outbox.to(registration.email)]


def test_decide_go_mails_every_participant_once_with_ics_and_links(cron, db, outbox):
    run = _due_run(db, 18, waitlisted=1)
    result = cron("courses", "decide")
    assert f"run {run.id}" in result.output and "is confirmed" in result.output
    confirmed = db.session.scalars(
        sa.select(Registration).where(Registration.status == "confirmed")
    ).all()
    for registration in confirmed:
        [mail] = outbox.to(registration.email)
        assert mail.subject.startswith("Your course takes place")
        assert mail.attachments[0]["content_type"] == "text/calendar"
        assert "http://localhost/courses/registrations/cancel/" in mail.body_text
    waiting = db.session.scalars(
        sa.select(Registration).where(Registration.status == "waitlisted")
    ).one()
    assert _subjects(outbox, waiting) == [f"No seat became free: {run.course.title}"]
    cron("courses", "decide")  # the next run a quarter of an hour later sends nothing again
    assert len(outbox.messages) == 19


def test_decide_no_go_cancels_and_tells_everyone(cron, db, outbox):
    run = _due_run(db, 17)
    assert "is cancelled" in cron("courses", "decide").output
    db.session.refresh(run)
    assert run.decision == "cancelled"
    assert {m.subject for m in outbox.messages} == {f"Course start cancelled: {run.course.title}"}
    assert len(outbox.messages) == 17


def test_decide_leaves_a_staff_override_alone(cron, db, outbox):
    run = _due_run(db, 3)
    override_decision(run, "hold", "Pilot run", UserFactory(roles=["office_staff"]), utcnow())
    db.session.commit()
    assert "0 run(s) decided" in cron("courses", "decide").output
    db.session.refresh(run)
    assert run.decision == "confirmed" and run.decision_reason == "Pilot run"
    assert len(outbox.messages) == 3  # the go mail of the override, once


def test_decide_after_a_held_run_asks_for_feedback_once_and_deletes_needs(cron, db, outbox):
    run = _due_run(db, 18)
    registration = run.registrations[0]
    registration.needs = "wheelchair access"
    db.session.commit()
    cron("courses", "decide")
    with time_machine.travel(run.ends_at + timedelta(days=1)):
        assert "1 finished run(s) closed out" in cron("courses", "decide").output
        assert "0 finished run(s) closed out" in cron("courses", "decide").output
    db.session.refresh(run)
    db.session.refresh(registration)
    assert run.decision == "held" and registration.needs is None
    feedback = [m for m in outbox.to(registration.email) if m.subject.startswith("How was")]
    assert len(feedback) == 1 and "http://localhost/courses/feedback/" in feedback[0].body_text


def test_decide_closes_out_a_cancelled_run_without_feedback(cron, db, outbox):
    run = _due_run(db, 2)
    cron("courses", "decide")
    with time_machine.travel(run.ends_at + timedelta(days=1)):
        assert "1 finished run(s) closed out" in cron("courses", "decide").output
    assert not [m for m in outbox.messages if m.subject.startswith("How was")]


def test_decide_with_an_unknown_option_exits_non_zero(cron):
    result = cron("courses", "decide", "--tomorrow", exit_code=2)
    assert "No such option" in result.output
