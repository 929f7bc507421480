"""`flask mail send-queued` and `flask backup create` as cron runs them, on each path."""

import smtplib
from datetime import timedelta

import pytest
import time_machine

from office.core.clock import utcnow
from office.core.outbox import queue_mail


def _queue(db, *recipients):
    for to in recipients:
        queue_mail(to, "Your reset link", "password_reset", locale="en",
                   user=type("U", (), {"name": "Ann"})(), link="http://localhost/x", minutes=5)  # fmt: skip
    db.session.commit()


def test_send_queued_delivers_over_smtp(cron, db, smtp_server, outbox):
    _queue(db, "ann@example.org", "bo@example.org")
    assert "sent 2, retry later 0, failed 0" in cron("mail", "send-queued").output
    assert sorted(m["To"] for m in smtp_server.messages) == ["ann@example.org", "bo@example.org"]
    assert "sent 0," in cron("mail", "send-queued").output  # nothing twice


def test_send_queued_with_smtp_down_retries_later_and_loses_nothing(cron, db, smtp_server, outbox):
    _queue(db, "ann@example.org")
    smtp_server.stop()
    assert "retry later 1" in cron("mail", "send-queued").output
    smtp_server.start()
    assert "sent 0," in cron("mail", "send-queued").output  # waits for its backoff
    with time_machine.travel(utcnow() + timedelta(minutes=2)):
        assert "sent 1," in cron("mail", "send-queued").output
    assert [m["To"] for m in smtp_server.messages] == ["ann@example.org"]


def test_send_queued_marks_a_refused_recipient_failed(cron, db, smtp_server, outbox, monkeypatch):
    _queue(db, "gone@example.org")

    def refuse(self, message, envelope_from=None):
        raise smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"no such user")})

    monkeypatch.setattr("flask_mail.Connection.send", refuse)
    assert "failed 1" in cron("mail", "send-queued").output
    assert outbox.messages[0].status == "failed"


@pytest.mark.parametrize("limit", ["0", "many"])
def test_send_queued_with_a_bad_limit_exits_2_with_a_reason(cron, db, limit):
    result = cron("mail", "send-queued", "--limit", limit, exit_code=2)
    assert "Invalid value for '--limit'" in result.output


def test_backup_create_writes_the_file(cron, db, tmp_path):
    target = tmp_path / "office.backup"
    assert f"backup written to {target}" in cron("backup", "create", "--output", str(target)).output
    assert target.stat().st_size > 0


def test_backup_create_into_a_missing_folder_exits_1_with_one_line(
    cron, db, tmp_path, job_status
):
    """A backup is one item (one consistent copy of the whole database): it fails as a whole,
    recorded for the operator, and the next night's run tries again."""
    result = cron("backup", "create", "--output", str(tmp_path / "no" / "x.db"), exit_code=1)
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    status = job_status("backup create")
    assert "succeeded never" in status and "ClickException" in status
