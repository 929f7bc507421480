"""Review of an item: comments, conflicts of interest, votes, the decision, reminders."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.auth.interface import active_office_staff
from office.core.audit import record
from office.core.clock import utcnow
from office.core.db import locked_row
from office.core.errors import DomainError
from office.core.jobs import in_turn
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.extensions import db
from office.governance import rules
from office.governance.models import (
    AgendaItem,
    BoardComment,
    BoardMember,
    BoardVote,
    ConflictOfInterest,
    Decision,
    RulesVersion,
)
from office.governance.services.common import OUTCOME_LABELS, REFUSALS, local_day
from office.governance.services.members import chair_id, in_office_ids, rules_on
from office.requests.interface import decide_by_board


def locked_item(item: AgendaItem) -> AgendaItem:
    """The item's row, locked until commit (votes and the decision of one item queue here)."""
    return locked_row(AgendaItem, item.id)


def _decided(item: AgendaItem) -> bool:
    """Read from the database, not from the session's (possibly older) copy."""
    return db.session.scalar(sa.select(Decision.id).where(Decision.item_id == item.id)) is not None


def decision_day(item: AgendaItem, now: datetime) -> date:
    """The day whose rules and members count: the meeting's date, or the written deadline's."""
    if item.meeting is not None:
        return local_day(item.meeting.starts_at)
    return local_day(min(now, item.deadline) if item.deadline else now)


def _conflicted(item) -> set[int]:
    return {c.member_id for c in item.conflicts}


def comment(member: BoardMember, item: AgendaItem, body: str, now=None) -> BoardComment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Please write a comment."), field="body")
    if item.decision is not None:
        raise DomainError(REFUSALS["decided"])
    entry = BoardComment(item=item, member=member, body=body, created_at=now or utcnow())
    db.session.add(entry)
    db.session.flush()
    record("governance.comment.added", item, member.user, now=now, member_id=member.id)
    return entry


def declare_conflict(actor, member: BoardMember, item: AgendaItem, reason: str, now=None):
    """The member is excluded from this item's vote and quorum; a vote cast before is withdrawn."""
    now = now or utcnow()
    if item.decision is not None:
        raise DomainError(REFUSALS["decided"])
    if member.id in _conflicted(item):
        raise DomainError(_l("You have declared a conflict of interest for this item already."))
    declaration = ConflictOfInterest(
        item=item, member=member, reason=(reason or "").strip(), created_at=now
    )
    db.session.add(declaration)
    for vote in list(item.votes):
        if vote.member_id == member.id:
            item.votes.remove(vote)
    db.session.flush()
    record("governance.conflict.declared", item, actor, now=now, member_id=member.id)
    return declaration


def cast_vote(actor, member: BoardMember, item: AgendaItem, choice: str, now=None) -> BoardVote:
    """A vote yes / no / abstain; in a written procedure until the deadline, in a meeting only
    for members present. A second vote by the same member replaces the first.

    The item is locked first, so a vote and the decision (or two votes of one member from two
    tabs) are recorded one after the other, never both against the same old state.
    """
    now = now or utcnow()
    if choice not in rules.VOTE_CHOICES:
        raise DomainError(_l("Choose yes, no or abstain."), field="choice")
    item = locked_item(item)
    day = decision_day(item, now)
    refusal = rules.vote_refusal(
        in_office_on_day=member.id in in_office_ids(day),
        conflicted=member.id in _conflicted(item),
        deadline=item.deadline if item.procedure == "written" else None,
        now=now,
        decided=_decided(item),
        meeting_start=item.meeting.starts_at if item.meeting is not None else None,
    )
    if refusal:
        raise DomainError(REFUSALS[refusal], field="choice")
    if item.meeting is not None and member.id not in {a.member_id for a in item.meeting.attendance}:
        raise DomainError(
            _l("Only members present at the meeting can vote on its items."), field="choice"
        )
    vote = db.session.scalar(
        sa.select(BoardVote).where(BoardVote.item_id == item.id, BoardVote.member_id == member.id)
    )
    if vote is None:
        vote = BoardVote(item=item, member=member, choice=choice, cast_at=now)
        db.session.add(vote)
    else:
        vote.choice, vote.cast_at = choice, now
    db.session.flush()
    record("governance.vote.cast", item, actor, now=now, member_id=member.id, choice=choice)
    return vote


def who_voted(item: AgendaItem) -> list[tuple[BoardMember, bool]]:
    """For a written procedure still open: every member who may vote, and whether they have
    (not how). Empty for meeting items and decided ones."""
    if item.procedure != "written" or _decided(item):
        return []
    voted = {v.member_id for v in item.votes}
    eligible = in_office_ids(decision_day(item, utcnow())) - _conflicted(item)
    members = db.session.scalars(sa.select(BoardMember).where(BoardMember.id.in_(eligible)))
    return [(m, m.id in voted) for m in sorted(members, key=lambda m: m.name)]


def outcome_for(item: AgendaItem, now=None) -> tuple[rules.Outcome | None, RulesVersion | None]:
    """What the decision would be now, from the votes and the rules in force on the day."""
    now = now or utcnow()
    day = decision_day(item, now)
    version = rules_on(day)
    if version is None:
        return None, None
    participating = {a.member_id for a in item.meeting.attendance} if item.meeting else set()
    outcome = rules.compute_outcome(
        in_office_ids(day),
        _conflicted(item),
        participating,
        {v.member_id: v.choice for v in item.votes},
        version.procedure_rules,
        chair_id(day),
    )
    return outcome, version


def decide(actor, item: AgendaItem, rationale: str, now=None) -> Decision:
    """Record the decision computed from the votes; without quorum nothing is recorded.

    A decision on a help request moves it on: adopted -> accepted, rejected -> declined, and
    the requester gets the decision with its rationale by email.
    """
    now = now or utcnow()
    item = locked_item(item)
    if _decided(item):
        raise DomainError(REFUSALS["decided"])
    if item.meeting is not None and rules.not_begun(item.meeting.starts_at, now):
        raise DomainError(REFUSALS["not_begun"])
    rationale = (rationale or "").strip()
    if not rationale:
        raise DomainError(_l("Give the rationale of the decision."), field="rationale")
    outcome, version = outcome_for(item, now)
    if version is None:
        raise DomainError(_l("No rules of procedure were in force on that day."))
    if item.procedure == "written" and now <= item.deadline:
        if outcome.participating < outcome.eligible:
            raise DomainError(
                _l(
                    "The written procedure runs until its deadline unless every eligible member has voted."
                ),
            )
    if not outcome.quorum_reached:
        raise DomainError(
            _l(
                "The board has no quorum for this item: %(n)s of %(needed)s required members took part.",
                n=outcome.participating,
                needed=outcome.needed,
            ),
        )
    decision = Decision(
        item=item,
        decided_on=local_day(now) if item.meeting is None else decision_day(item, now),
        outcome=outcome.key,
        rationale=rationale,
        rules_version=version,
        eligible=outcome.eligible,
        participating=outcome.participating,
        votes_yes=outcome.tally.yes,
        votes_no=outcome.tally.no,
        votes_abstain=outcome.tally.abstain,
        created_at=now,
    )
    db.session.add(decision)
    db.session.flush()
    record("governance.decision.recorded", item, actor, now=now, outcome=outcome.key)
    req = item.request
    if req is not None and req.status == "board_review":
        decide_by_board(
            req,
            outcome.adopted,
            rationale,
            now,
            decision=decision,
            outcome_label=OUTCOME_LABELS[decision.outcome],
        )
    return decision


def public_decisions_statement():
    """The public register: every decision, newest first (closed items show no content)."""
    newest_first = (Decision.decided_on.desc(), Decision.id.desc())
    return sa.select(Decision).join(Decision.item).order_by(*newest_first)


REMIND_HOURS = 48


def remind_written_procedures(now=None, each=in_turn) -> int:
    """Remind members who have not voted 48 hours before a deadline, and staff once it has
    passed; each reminder is sent once (cron, idempotent). Returns the number of emails;
    `each` as in `office.core.jobs` (one agenda item at a time)."""
    now = now or utcnow()
    open_ids = db.session.scalars(
        sa.select(AgendaItem.id)
        .where(
            AgendaItem.procedure == "written",
            ~AgendaItem.decision.has(),
            AgendaItem.deadline.is_not(None),
            sa.or_(AgendaItem.reminded.is_(None), AgendaItem.reminded != "staff"),
        )
        .order_by(AgendaItem.id)
    ).all()
    return sum(each(open_ids, lambda item_id: _remind_item(item_id, now), "agenda item {}"))


def _remind_item(item_id: int, now: datetime) -> int:
    # a row lock: a second server running `remind` at the same time waits here and then sees
    # the `reminded` mark of the first (each reminder once); SQLite serialises writers anyway
    item = locked_row(AgendaItem, item_id)
    if item.decision is not None:
        return 0
    sent = 0
    link = absolute_url("governance.item", item_id=item.id)
    if now > item.deadline and item.reminded != "staff":
        for user in active_office_staff():
            queue_mail(
                user.email,
                _l("Written procedure ended: %(title)s", title=item.title),
                "governance/procedure_ended",
                locale=user.locale,
                item=item,
                link=link,
            )
            sent += 1
        item.reminded = "staff"
    elif now <= item.deadline <= now + timedelta(hours=REMIND_HOURS) and item.reminded is None:
        done = {v.member_id for v in item.votes} | _conflicted(item)
        for member_id in sorted(in_office_ids(local_day(now)) - done):
            member = db.session.get(BoardMember, member_id)
            if member.email:
                queue_mail(
                    member.email,
                    _l("Reminder: please vote on %(title)s", title=item.title),
                    "governance/written_procedure",
                    locale=member.user and member.user.locale,
                    item=item,
                    member=member,
                    link=link,
                )
                sent += 1
        item.reminded = "members"
    db.session.flush()
    return sent
