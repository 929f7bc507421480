"""Replies by email: real MIME messages, sent through a real SMTP server and piped to
`flask mail receive` as Postfix's or Exim's pipe transport does."""

import smtplib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from office.core.models import OutboxMessage
from office.requests.models import InboundMail
from office.requests.services import intake, workflow
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture
def request_mail(db, outbox):
    """A request of a department and the mail the requester got about it."""
    user = UserFactory(roles=["department_staff"], email="rita@example.org", locale="en")
    req = intake.submit_request(user, "other", title="Bench on the square")
    db.session.commit()
    return req, outbox.to("rita@example.org")[-1]


def _reply(original, body="Here is the plan for the bench.", sender="rita@example.org", **headers):
    msg = EmailMessage()
    msg["From"] = f"Rita Resident <{sender}>"
    msg["To"] = original.headers["Reply-To"]
    msg["Subject"] = "Re: " + original.subject
    msg["Message-ID"] = f"<reply-{abs(hash(body))}@mail.example.org>"
    msg["In-Reply-To"] = original.headers["Message-ID"]
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(f"{body}\n\nOn Monday the office wrote:\n> Your request ...\n\n-- \nRita\n")
    return msg


@pytest.fixture
def pipe(app, smtp_server):
    def run(msg):
        with smtplib.SMTP("127.0.0.1", smtp_server.port) as smtp:
            smtp.send_message(msg)
        raw = smtp_server.messages[-1].as_bytes()
        result = app.test_cli_runner().invoke(args=["mail", "receive"], input=raw)
        assert result.exit_code == 0, (result.output, result.exception)
        return result.output

    return run


def test_outgoing_mail_carries_token_reply_to_and_message_id(request_mail, outbox, smtp_server):
    req, mail = request_mail
    tag = f"[{req.reference}#"
    assert tag in mail.subject and f"+{req.reference}." in mail.headers["Reply-To"]
    outbox.deliver()
    sent = smtp_server.to("rita@example.org")[-1]
    assert sent["Message-ID"] == mail.headers["Message-ID"]
    assert (
        sent["Reply-To"] == mail.headers["Reply-To"] and sent["Auto-Submitted"] == "auto-generated"
    )


def test_reply_lands_in_the_thread_without_quote_and_signature(request_mail, pipe, db):
    req, mail = request_mail
    staff = UserFactory(roles=["office_staff"])
    workflow.post_message(req, "What do you need?", author=staff)
    db.session.commit()
    assert req.next_response_due_at is None
    output = pipe(_reply(mail))
    assert f"added to {req.reference}" in output
    db.session.refresh(req)
    assert req.messages[-1].body == "Here is the plan for the bench."
    assert not req.messages[-1].from_staff
    assert req.next_response_due_at is not None  # the next-response clock runs again


def test_html_only_reply_in_a_legacy_charset(request_mail, pipe, db):
    req, mail = request_mail
    msg = _reply(mail)
    msg.set_content(
        "<html><body><p>Grüße aus Kassel, Å and Ø</p><blockquote>old</blockquote></body></html>",
        subtype="html",
        charset="iso-8859-1",
    )
    pipe(msg)
    db.session.refresh(req)
    assert req.messages[-1].body == "Grüße aus Kassel, Å and Ø"


def test_multipart_reply_with_a_pdf_keeps_the_attachment(request_mail, pipe, db):
    req, mail = request_mail
    msg = _reply(mail, body="The plan is attached.")
    msg.add_alternative("<p>The plan is attached.</p>", subtype="html")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="plan.pdf")
    pipe(msg)
    db.session.refresh(req)
    assert req.messages[-1].body == "The plan is attached."
    assert [a.filename for a in req.attachments] == ["plan.pdf"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"sender": "mallory@example.net"}, "sender"),
        ({"body": ""}, "empty"),
    ],
)
def test_spoofed_or_empty_reply_waits_for_staff(request_mail, pipe, db, change, reason):
    req, mail = request_mail
    pipe(_reply(mail, **change))
    kept = db.session.query(InboundMail).one()
    assert (kept.status, kept.reason, kept.request_id) == ("review", reason, req.id)
    db.session.refresh(req)
    assert req.messages == []


def test_mail_without_token_from_an_unknown_sender_goes_to_the_inbox(pipe, db, client, login_as):
    msg = EmailMessage()
    msg["From"] = "someone@example.net"
    msg["To"] = "buero@example.org"
    msg["Subject"] = "A question about benches"
    msg.set_content("Who decides about benches?")
    pipe(msg)
    kept = db.session.query(InboundMail).one()
    assert (kept.status, kept.reason) == ("review", "no_request")
    login_as("office_staff")
    page = client.get("/requests/inbox").get_data(as_text=True)
    assert "A question about benches" in page and "Who decides about benches?" in page
    client.post(f"/requests/inbox/{kept.id}/handled")
    assert "A question about benches" not in client.get("/requests/inbox").get_data(as_text=True)


def test_executable_attachment_keeps_the_thread_unchanged(request_mail, pipe, db):
    req, mail = request_mail
    msg = _reply(mail)
    msg.add_attachment(EXE, maintype="application", subtype="octet-stream", filename="plan.pdf.exe")
    pipe(msg)
    assert db.session.query(InboundMail).one().reason == "attachment"
    db.session.refresh(req)
    assert req.messages == [] and req.attachments == []


def test_auto_replies_never_reopen_and_a_loop_sends_nothing(request_mail, pipe, db, outbox):
    req, mail = request_mail
    staff = UserFactory(roles=["office_staff"])
    workflow.transition(staff, req, "in_triage", assignee=staff)
    workflow.transition(staff, req, "accepted")
    workflow.transition(staff, req, "in_progress")
    workflow.transition(staff, req, "done", outcome="Bench ordered")
    db.session.commit()
    before = len(outbox.messages)
    for n in range(5):
        pipe(_reply(mail, body=f"I am out of office ({n}).", Auto_Submitted="auto-replied"))
    db.session.refresh(req)
    assert req.status == "done" and req.messages == []
    assert len(outbox.messages) == before  # nothing answered: no mail storm
    assert {m.status for m in db.session.query(InboundMail)} == {"automatic"}


def test_reply_to_a_done_request_reopens_it_within_the_days(request_mail, pipe, db):
    req, mail = request_mail
    staff = UserFactory(roles=["office_staff"])
    for step in ("in_triage", "accepted", "in_progress"):
        workflow.transition(staff, req, step, assignee=staff)
    workflow.transition(staff, req, "done", outcome="Bench ordered")
    db.session.commit()
    pipe(_reply(mail, body="The bench has not arrived."))
    db.session.refresh(req)
    assert req.status == "in_progress" and req.messages[-1].body == "The bench has not arrived."


def test_reply_to_a_long_closed_request_waits_for_staff(request_mail, pipe, db):
    req, mail = request_mail
    req.status, req.closed_at = "done", datetime.now(UTC) - timedelta(days=60)
    db.session.commit()
    pipe(_reply(mail))
    assert db.session.query(InboundMail).one().reason == "closed"


def test_forwarded_mail_keeps_the_forwarded_text(request_mail, pipe, db):
    req, mail = request_mail
    msg = _reply(mail, body="See below.")
    msg.replace_header("Subject", "Fwd: " + mail.subject)
    msg.set_content(
        "See below.\n\n---------- Forwarded message ---------\nFrom: Parks department\nThe bench is ordered.\n"
    )
    pipe(msg)
    db.session.refresh(req)
    assert "The bench is ordered." in req.messages[-1].body


def test_too_large_mail_is_kept_with_its_headers_only(request_mail, app, db):
    req, mail = request_mail
    msg = _reply(mail)
    msg.add_attachment(b"%PDF-1.4" + b"0" * (30 * 1024 * 1024), maintype="application",
                       subtype="pdf", filename="huge.pdf")  # fmt: skip
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=msg.as_bytes())
    assert "kept for staff: too_large" in result.output
    kept = db.session.query(InboundMail).one()
    assert kept.raw is None and kept.size > 30 * 1024 * 1024 and kept.subject.startswith("Re:")
    db.session.refresh(req)
    assert req.messages == []


def test_the_same_mail_delivered_twice_is_threaded_once(request_mail, pipe, db):
    req, mail = request_mail
    reply = _reply(mail)
    pipe(reply)
    pipe(reply)
    db.session.refresh(req)
    assert len(req.messages) == 1


def test_reply_piped_by_the_mail_server_to_a_flask_process(app, committed_db, smtp_server):
    """As Postfix's pipe transport does: a separate `flask mail receive` process reads the mail
    the SMTP server received on its standard input."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from office.requests.models import HelpRequest

    user = UserFactory(roles=["department_staff"], email="rita@example.org", locale="en")
    req = intake.submit_request(user, "other", title="Bench on the square")
    committed_db.session.commit()
    reference, request_id = req.reference, req.id
    mail = committed_db.session.query(OutboxMessage).filter_by(recipient="rita@example.org").one()
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as smtp:
        smtp.send_message(_reply(mail, body="Piped through Postfix."))
    committed_db.session.remove()
    env = {
        **os.environ, "FLASK_APP": "wsgi.py", "SECRET_KEY": app.config["SECRET_KEY"],
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "flask", "mail", "receive"],
        input=smtp_server.messages[-1].as_bytes(),
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"added to {reference}".encode() in done.stdout
    thread = committed_db.session.get(HelpRequest, request_id).messages
    assert [m.body for m in thread] == ["Piped through Postfix."]


def test_mail_received_while_the_database_is_down_is_deferred_not_lost(make_app, tmp_path):
    """Exit 75 (EX_TEMPFAIL): Postfix and Exim keep the mail in their queue and retry."""
    down = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'office.db'}")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "rita@example.org", "buero@example.org", "Hello"
    msg.set_content("Are you there?")
    result = down.test_cli_runner().invoke(args=["mail", "receive"], input=msg.as_bytes())
    assert result.exit_code == 75
