from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.core.audit_trail import TrailFilter, entries
from office.core.errors import DomainError
from office.core.markdown import render_markdown
from office.governance.models import Decision
from office.governance.services import meetings as meeting_ops
from office.governance.services import members as membership
from office.governance.services import review
from tests.factories import UserFactory
from tests.governance.factories import BoardMemberFactory, HelpRequestFactory, RulesVersionFactory

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def board(db):
    RulesVersionFactory()
    members = [BoardMemberFactory() for _ in range(9)]
    members[0].terms[0].function = "chair"
    db.session.flush()
    return members


@pytest.fixture
def written(db, board):
    staff = UserFactory(roles=["office_staff"])
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    item = meeting_ops.forward_request(
        staff, req, procedure="written", deadline=NOW + timedelta(days=3), now=NOW
    )
    return staff, req, item


def test_forward_puts_request_under_review_and_mails_members(written, outbox, board):
    _staff, req, item = written
    assert req.status == "board_review" and item.request is req
    assert {m.email for m in board} <= {m.recipient for m in outbox.messages}


def test_written_procedure_decision_reaches_requester(db, written, board, outbox):
    staff, req, item = written
    for member, choice in zip(board[:5], ["yes", "yes", "yes", "no", "abstain"], strict=True):
        review.cast_vote(member.user, member, item, choice, now=NOW)
    after = NOW + timedelta(days=4)
    before = len(outbox.to(req.requester_email))
    decision = review.decide(staff, item, "Good idea", now=after)
    assert decision.outcome == "adopted" and (decision.votes_yes, decision.eligible) == (3, 9)
    assert req.status == "accepted"
    # one mail: the decision with its rationale and the link, not also a status mail
    [mail] = outbox.to(req.requester_email)[before:]
    assert mail.subject.startswith(f"Decision of the advisory board on {req.reference}")
    assert "Good idea" in mail.body_text and f"http://localhost/requests/{req.id}" in mail.body_text
    trail = [(e.action, e.subject_id) for e in entries(TrailFilter(module="governance"))]
    assert ("governance.vote.cast", item.id) in trail  # the vote names its item
    assert {"governance.item.added", "governance.decision.recorded"} <= {a for a, _ in trail}


def test_decision_without_quorum_is_refused_and_nothing_recorded(db, written, board):
    staff, req, item = written
    for member in board[:4]:
        review.cast_vote(member.user, member, item, "yes", now=NOW)
    with pytest.raises(DomainError, match="no quorum"):
        review.decide(staff, item, "x", now=NOW + timedelta(days=4))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0
    assert req.status == "board_review"


def test_vote_after_deadline_is_refused(written, board):
    _staff, _req, item = written
    with pytest.raises(DomainError, match="deadline"):
        review.cast_vote(
            board[0].user, board[0], item, "yes", now=NOW + timedelta(days=3, seconds=1)
        )
    assert item.votes == []


def test_vote_with_declared_conflict_is_refused_and_excluded_from_quorum(db, written, board):
    staff, _req, item = written
    review.cast_vote(board[0].user, board[0], item, "yes", now=NOW)
    review.declare_conflict(board[0].user, board[0], item, "My own initiative", now=NOW)
    assert item.votes == []  # the earlier vote is withdrawn
    with pytest.raises(DomainError, match="conflict"):
        review.cast_vote(board[0].user, board[0], item, "yes", now=NOW)
    outcome, _version = review.outcome_for(item, NOW)
    assert outcome.eligible == 8 and outcome.needed == 5


def test_vote_by_member_whose_term_ended_is_refused(db, written):
    _staff, _req, item = written
    former = BoardMemberFactory(term=(date(2023, 1, 1), date(2025, 12, 31)))
    with pytest.raises(DomainError, match="term"):
        review.cast_vote(former.user, former, item, "yes", now=NOW)


def test_meeting_uses_rules_in_force_on_its_date(db, board):
    RulesVersionFactory(effective_from=date(2026, 6, 1), quorum="two_thirds", majority="two_thirds")
    staff = UserFactory(roles=["office_staff"])
    before = meeting_ops.create_meeting(staff, title="May", starts_at=datetime(2026, 5, 5, 15, tzinfo=UTC),
                                     ends_at=datetime(2026, 5, 5, 17, tzinfo=UTC))  # fmt: skip
    after = meeting_ops.create_meeting(staff, title="July", starts_at=datetime(2026, 7, 7, 15, tzinfo=UTC),
                                     ends_at=datetime(2026, 7, 7, 17, tzinfo=UTC))  # fmt: skip
    results = []
    for meeting in (before, after):
        meeting_ops.set_attendance(staff, meeting, [m.id for m in board[:6]])
        item = meeting_ops.add_item(staff, title="Motion", meeting=meeting)
        for member, choice in zip(board[:6], ["yes"] * 4 + ["no"] * 2, strict=True):
            review.cast_vote(staff, member, item, choice, now=NOW)
        results.append(review.decide(staff, item, "counted", now=NOW).outcome)
    # 4 : 2 is a simple majority, and exactly two thirds
    assert results == ["adopted", "adopted"]
    third = meeting_ops.create_meeting(staff, title="Aug", starts_at=datetime(2026, 8, 4, 15, tzinfo=UTC),
                                    ends_at=datetime(2026, 8, 4, 17, tzinfo=UTC))  # fmt: skip
    meeting_ops.set_attendance(staff, third, [m.id for m in board[:5]])
    item = meeting_ops.add_item(staff, title="Motion", meeting=third)
    with pytest.raises(DomainError, match="quorum"):  # 5 of 9 is no two-thirds quorum
        review.decide(staff, item, "x", now=NOW)


def test_absent_member_cannot_vote_in_meeting(db, board):
    staff = UserFactory(roles=["office_staff"])
    meeting = meeting_ops.create_meeting(
        staff, title="M", starts_at=NOW, ends_at=NOW + timedelta(hours=2)
    )
    meeting_ops.set_attendance(staff, meeting, [board[0].id])
    item = meeting_ops.add_item(staff, title="Motion", meeting=meeting)
    with pytest.raises(DomainError, match="present"):
        review.cast_vote(staff, board[1], item, "yes", now=NOW)


def test_chair_and_deputy_unique_in_a_period(db, board):
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError):
        membership.add_member(staff, name="Second chair", group="citizens", function="chair",
                            starts_on=date(2026, 1, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("source", "absent"),
    [("<script>alert(1)</script>", "<script"), ("[x](javascript:alert(1))", 'href="javascript'),
     ('<a href="javascript:alert(1)">x</a>', '<a href="javascript'), ("<img src=x onerror=alert(1)>", "<img")],
)  # fmt: skip
def test_markdown_is_sanitised(source, absent):
    assert absent not in str(render_markdown(source))


def test_markdown_keeps_headings_and_links():
    html = str(render_markdown("# Rules\n\n[site](https://example.org)"))
    assert "<h1>Rules</h1>" in html and 'href="https://example.org"' in html


def test_board_member_personal_data_export_and_erase(db, board):
    from office.governance import privacy as personal_data

    email = board[1].email
    assert personal_data.export(email)["board_members"][0]["name"] == board[1].name
    assert personal_data.erase(email) == 1
    assert personal_data.export(email) == {"board_members": []}
    assert board[1].terms  # the seat history stays for past decisions


def test_written_procedure_reminders_are_sent_once(db, written, board, outbox):
    _staff, _req, item = written
    review.cast_vote(board[0].user, board[0], item, "yes", now=NOW)
    before = len(outbox.messages)
    assert review.remind_written_procedures(NOW) == 0  # deadline more than 48 hours away
    soon = item.deadline - timedelta(hours=24)
    assert review.remind_written_procedures(soon) == 8  # everyone but the member who voted
    assert review.remind_written_procedures(soon) == 0
    after = item.deadline + timedelta(minutes=1)
    assert review.remind_written_procedures(after) >= 1  # staff: record the decision
    assert review.remind_written_procedures(after) == 0
    assert len(outbox.messages) > before


def test_nothing_is_recorded_for_a_meeting_before_it_begins(db, board):
    staff = UserFactory(roles=["office_staff"])
    start = NOW + timedelta(days=21)
    meeting = meeting_ops.create_meeting(
        staff, title="Dezember", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    item = meeting_ops.add_item(staff, title="Haushalt", meeting=meeting, now=NOW)
    with pytest.raises(DomainError, match="has not begun"):
        meeting_ops.set_attendance(staff, meeting, [m.id for m in board], now=NOW)
    with pytest.raises(DomainError, match="has not begun"):
        review.cast_vote(board[0].user, board[0], item, "yes", now=NOW)
    with pytest.raises(DomainError, match="has not begun"):
        review.decide(staff, item, "Vorab", now=NOW)
    assert meeting.attendance == [] and item.votes == [] and item.decision is None
    later = start + timedelta(minutes=5)
    meeting_ops.set_attendance(staff, meeting, [m.id for m in board], now=later)
    for member in board[:5]:
        review.cast_vote(member.user, member, item, "yes", now=later)
    decision = review.decide(staff, item, "Beschlossen", now=later)
    assert decision.decided_on == start.date()


def test_minutes_are_drafted_from_the_results_edited_then_approved_and_fixed(db, board):
    board[0].terms[0].function = "chair"
    RulesVersionFactory(tie="chair_decides", effective_from=date(2025, 6, 1))
    staff = UserFactory(roles=["office_staff"])
    start = NOW - timedelta(hours=2)
    meeting = meeting_ops.create_meeting(
        staff, title="Sitzung November", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    tied = meeting_ops.add_item(staff, title="Bürgerrat Mobilität", meeting=meeting, now=start)
    meeting_ops.add_item(staff, title="Verschiedenes", meeting=meeting, now=start)
    meeting_ops.set_attendance(staff, meeting, [m.id for m in board[:8]], now=NOW)
    for member, choice in zip(board[:8], ["yes", "no"] * 4, strict=True):
        review.cast_vote(member.user, member, tied, choice, now=NOW)
    review.decide(staff, tied, "Die Empfehlung wird unterstützt.", now=NOW)
    meeting_ops.draft_minutes(staff, meeting, now=NOW)
    text = meeting.minutes
    assert "Bürgerrat Mobilität" in text and "Die Empfehlung wird unterstützt." in text
    assert "casting vote" in text and "Yes 4, no 4" in text and board[0].name in text
    assert "Verschiedenes" in text and "Not decided in this meeting." in text
    meeting_ops.save_minutes(staff, meeting, text + "\nNachtrag.", now=NOW)
    meeting_ops.approve_minutes(staff, meeting, now=NOW)
    with pytest.raises(DomainError, match="approved"):
        meeting_ops.save_minutes(staff, meeting, "anders", now=NOW)
    with pytest.raises(DomainError, match="approved"):
        meeting_ops.draft_minutes(staff, meeting, now=NOW)
    assert meeting.minutes.endswith("Nachtrag.")


def test_invitation_mails_the_agenda_to_members_until_the_meeting_begins(db, board, outbox):
    staff = UserFactory(roles=["office_staff"])
    start = NOW + timedelta(days=7)
    meeting = meeting_ops.create_meeting(staff, title="3. Sitzung", starts_at=start,
                                         ends_at=start + timedelta(hours=2))  # fmt: skip
    with pytest.raises(DomainError, match="at least one item"):
        meeting_ops.invite_members(staff, meeting, now=NOW)
    meeting_ops.add_item(staff, title="Haushalt des Beirats", meeting=meeting, now=NOW)
    assert meeting_ops.invite_members(staff, meeting, now=NOW) == 9
    mails = outbox.to(board[0].email)
    assert mails[-1].subject == "Invitation: 3. Sitzung" and "1. Haushalt des Beirats" in mails[-1].body_text
    assert meeting.invited_at == NOW
    [entry] = entries(TrailFilter(action="governance.meeting.invited"))
    assert (entry.subject_id, entry.details) == (meeting.id, {"count": 9})
    with pytest.raises(DomainError, match="has begun"):
        meeting_ops.invite_members(staff, meeting, now=start)
