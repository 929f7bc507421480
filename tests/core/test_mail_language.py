"""Every mail is written in its recipient's language and locale: the account's choice, else the
language the person used when they gave us their address, else the office's; never the actor's."""

from datetime import UTC, date, datetime, timedelta

from office.core.outbox import queue_mail
from office.events.services import signups, submission
from office.governance.services import meetings as meeting_ops
from office.governance.services import review
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.governance.factories import BoardMemberFactory, HelpRequestFactory, RulesVersionFactory

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _german_request(app):
    """A web request of a staff member who works in German."""
    return app.test_request_context("/", headers={"Accept-Language": "de"})


def test_mail_without_a_recipient_language_is_in_the_office_language_not_the_actors(
    app, db, outbox
):
    with _german_request(app):
        queue_mail("ann@example.org", "x", "password_reset", user=type("U", (), {"name": "Ann"})(),
                   link="http://localhost/x", minutes=5)  # fmt: skip
    assert outbox.messages[0].body_text.startswith("Hello Ann,")  # the office default (en)


def test_written_procedure_mail_in_each_members_language_and_date_format(app, db, outbox):
    RulesVersionFactory()
    danish = BoardMemberFactory(user=UserFactory(roles=["board_member"], locale="da"))
    without = BoardMemberFactory(user=None)
    staff = UserFactory(roles=["office_staff"], locale="de")
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    with _german_request(app):
        meeting_ops.forward_request(staff, req, procedure="written",
                                   deadline=datetime(2026, 11, 23, 11, 0, tzinfo=UTC), now=NOW)  # fmt: skip
    [da] = outbox.to(danish.email)
    assert da.subject.startswith("Skriftlig procedure:") and "23.11.2026 12.00" in da.body_text
    [en] = outbox.to(without.email)  # no account language: the office's (en in the tests)
    assert en.subject.startswith("Written procedure:") and "23/11/2026, 12:00" in en.body_text  # British order


def test_board_decision_reaches_the_requester_in_their_accounts_language(app, db, outbox):
    RulesVersionFactory()
    members = [BoardMemberFactory() for _ in range(5)]
    staff = UserFactory(roles=["office_staff"], locale="en")
    requester = UserFactory(roles=["initiative_rep"], locale="da")
    req = HelpRequestFactory(status="in_triage", assignee=staff, requester=requester, locale="de")
    item = meeting_ops.forward_request(staff, req, procedure="written",
                                      deadline=NOW + timedelta(days=3), now=NOW)  # fmt: skip
    for member in members:
        review.cast_vote(member.user, member, item, "yes", now=NOW)
    with _german_request(app):
        review.decide(staff, item, "Good idea", now=NOW + timedelta(days=4))
    subjects = [m.subject for m in outbox.to(requester.email)]
    assert any(s.startswith(f"Rådets beslutning om {req.reference}") for s in subjects)
    assert not [s for s in subjects if "Decision" in s or "Beschluss" in s]


def test_event_cancellation_in_the_language_the_person_signed_up_in(app, db, outbox):
    event = EventFactory(capacity=3)
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org",
                    datetime(2030, 3, 1, tzinfo=UTC), locale="de")  # fmt: skip
    admin = UserFactory(roles=["office_staff"], locale="en")
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        submission.cancel_event(admin, event, "Sturm", datetime(2030, 3, 2, tzinfo=UTC))
    assert [m.subject for m in outbox.to("ann@example.org")][-1] == f"Abgesagt: {event.title}"
