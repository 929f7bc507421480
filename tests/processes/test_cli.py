"""`flask processes remind` as cron runs it (daily): overdue answers and updates, once."""

from datetime import date

import time_machine

from office.core.clock import utcnow
from office.processes.models import RecommendationComment
from tests.factories import UserFactory
from tests.processes.factories import RecommendationFactory
from tests.processes.test_drafts import DAY, _open_draft


def test_remind_as_cron_runs_it_links_to_the_recommendation(cron, db, outbox):
    UserFactory(roles=["office_staff"], email="lead@example.org", locale="de")
    rec = RecommendationFactory(answer_due_on=date(2020, 1, 1))
    RecommendationFactory(answer="accepted", answered_on=date(2020, 1, 1),
                          implementation="in_progress")  # fmt: skip
    db.session.commit()
    output = cron("processes", "remind").output
    assert "1 overdue answers, 1 overdue updates" in output
    assert "0 overdue answers, 0 overdue updates" in cron("processes", "remind").output
    [mail] = outbox.to("lead@example.org")
    assert f"http://localhost/processes/recommendations/{rec.id}" in mail.body_text
    assert mail.subject == "Überfällige Antworten und Umsetzungsberichte"


def test_sync_council_without_linked_recommendations_reads_nothing(cron):
    """The council's answers, each path with a local OParl server: tests/processes/test_council.py."""
    assert "0 read, 0 taken over" in cron("processes", "sync-council").output


def test_remind_on_two_servers_at_once_sends_each_reminder_once(app, committed_db):
    import sqlalchemy as sa

    from office.core.models import OutboxMessage
    from office.processes.services.follow_up import send_reminders
    from tests.governance.test_concurrency import _race

    UserFactory(roles=["office_staff"], email="lead@example.org")
    RecommendationFactory(answer_due_on=date(2020, 1, 1))
    committed_db.session.commit()
    results = _race(app, send_reminders, send_reminders)
    assert results == {"a": "done", "b": "done"}
    committed_db.session.rollback()
    mails = committed_db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "lead@example.org")
    ).all()
    assert len(mails) == 1


def test_remind_an_item_the_database_refuses_is_left_out_the_others_are_sent(
    cron, db, outbox, db_refuses, job_status
):
    UserFactory(roles=["office_staff"], email="lead@example.org", locale="en")
    kept, sent = (RecommendationFactory(answer_due_on=date(2020, 1, 1)) for _ in range(2))
    db.session.commit()
    db_refuses("process_reminders", "INSERT", kept.id, column="recommendation_id")
    result = cron("processes", "remind", exit_code=1)
    assert f"recommendation {kept.id} (answer): " in result.output
    assert "1 overdue answers, 0 overdue updates" in result.output
    status = job_status("processes remind")
    assert "succeeded never" in status and "refused by the database" in status
    [mail] = outbox.to("lead@example.org")
    assert f"/processes/recommendations/{sent.id}" in mail.body_text
    assert f"/processes/recommendations/{kept.id}" not in mail.body_text


def test_purge_comment_authors_after_retention_keeps_published_text(db, cron):
    rec = _open_draft(db)
    now = utcnow()
    for status in ("published", "pending"):
        db.session.add(RecommendationComment(recommendation=rec, name="Aylin", email="a@x.org",
                                             text=status, status=status, consented_at=now))  # fmt: skip
    db.session.commit()
    assert "0 anonymised" in cron("processes", "purge-comments").output
    with time_machine.travel(utcnow() + (7 + 91) * DAY):
        assert "2 anonymised or deleted" in cron("processes", "purge-comments").output
    db.session.expire_all()
    assert [(c.text, c.name, c.email) for c in rec.comments] == [("published", "", None)]
