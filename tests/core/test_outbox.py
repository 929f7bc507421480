"""The mail outbox delivers through a real SMTP server, retries, and never loses mail."""

from datetime import timedelta

from office.core.clock import utcnow
from office.core.outbox import backoff, queue_mail, send_queued


def _queue(db, n=1, to="ann@example.org"):
    for i in range(n):
        queue_mail(
            to,
            f"Hello {i}",
            "password_reset",
            locale="en",
            user=type("U", (), {"name": "Ann"})(),
            link="http://x",
            minutes=5,
        )
    db.session.commit()


def test_queued_mail_is_delivered_over_smtp(db, smtp_server, outbox):
    _queue(db)
    report = send_queued()
    assert report.sent == 1
    [message] = smtp_server.to("ann@example.org")
    assert message["Subject"] == "Hello 0"
    assert "Hello Ann," in message.get_content()
    assert outbox.messages[0].status == "sent"


def test_message_id_is_from_the_offices_domain_after_a_retry(app, db, smtp_server):
    _queue(db)
    smtp_server.stop()
    send_queued()  # fails: the server is down
    smtp_server.start()
    send_queued(now=utcnow() + timedelta(minutes=5))
    [message] = smtp_server.to("ann@example.org")
    domain = app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2]
    assert message["Message-ID"].endswith(f"@{domain}>")
    assert "localhost" not in message["Message-ID"]


def test_smtp_down_keeps_mail_and_delivers_once_when_back(db, smtp_server, outbox):
    _queue(db, n=3)
    smtp_server.stop()
    report = send_queued()
    assert report.sent == 0 and report.retried == 1
    assert [m.status for m in outbox.messages] == ["queued"] * 3
    assert outbox.messages[0].attempts == 1 and outbox.messages[0].last_error
    smtp_server.start()
    # the two never tried go now; the failed one waits for its backoff
    assert send_queued().sent == 2
    later = utcnow() + timedelta(hours=1)
    assert send_queued(now=later).sent == 1
    assert send_queued(now=later).sent == 0
    assert sorted(m["Subject"] for m in smtp_server.messages) == ["Hello 0", "Hello 1", "Hello 2"]


def test_claimed_message_is_not_sent_by_a_second_sender(db, smtp_server, outbox):
    from office.core.outbox import _claim

    _queue(db)
    message = outbox.messages[0]
    assert _claim(message.id, utcnow()) is not None
    assert send_queued().sent == 0  # another server holds it
    assert send_queued(now=utcnow() + timedelta(minutes=11)).sent == 1


def test_backoff_grows_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(30) == timedelta(hours=6)
