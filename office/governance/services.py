"""Operations of the advisory board. They never commit; the caller does.

Every change is appended to the audit log (`AuditEntry`) in the same transaction.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from office.core.clock import office_tz, utcnow
from office.core.errors import DomainError
from office.core.outbox import queue_mail
from office.extensions import db
from office.governance import rules
from office.governance.models import (
    AgendaItem,
    Attendance,
    AuditEntry,
    BoardComment,
    BoardMeeting,
    BoardMember,
    BoardTerm,
    BoardVote,
    ConflictOfInterest,
    Decision,
    RulesVersion,
)
from office.requests import services as request_services
from office.requests.models import HelpRequest

OUTCOME_LABELS = {"adopted": _l("Adopted"), "rejected": _l("Rejected")}
CHOICE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "abstain": _l("Abstain")}
GROUP_LABELS = {
    "citizens": _l("Citizens"),
    "initiatives": _l("Initiatives"),
    "administration": _l("Administration"),
    "politics": _l("Politics"),
    "science": _l("Science"),
    "other": _l("Other"),
}
FUNCTION_LABELS = {"member": _l("Member"), "chair": _l("Chair"), "deputy": _l("Deputy chair")}
QUORUM_LABELS = {
    "more_than_half": _l("more than half of the members in office"),
    "at_least_half": _l("at least half of the members in office"),
    "two_thirds": _l("two thirds of the members in office"),
}
MAJORITY_LABELS = {
    "simple": _l("simple majority of the votes cast"),
    "two_thirds": _l("two-thirds majority of the votes cast"),
    "absolute": _l("majority of the members in office"),
}
ABSTENTION_LABELS = {
    "not_counted": _l("abstentions are not counted"),
    "count_as_no": _l("abstentions count as no"),
}
TIE_LABELS = {
    "rejected": _l("a tie rejects the motion"),
    "chair_decides": _l("the chair breaks a tie"),
}
REFUSALS = {
    "decided": _l("This item has been decided already; votes are closed."),
    "not_in_office": _l("Only members whose term runs on the day of the vote may vote."),
    "conflict": _l(
        "You have declared a conflict of interest for this item and are excluded from its vote."
    ),
    "deadline_passed": _l("The deadline of this written procedure has passed; votes are closed."),
}


def audit(actor, action: str, obj, summary: str = "", now: datetime | None = None) -> AuditEntry:
    entry = AuditEntry(
        at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        summary=summary[:2000],
    )
    db.session.add(entry)
    return entry


def local_day(moment: datetime) -> date:
    return moment.astimezone(office_tz()).date()


# --- members -------------------------------------------------------------------------------


def member_for_user(user) -> BoardMember | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(sa.select(BoardMember).where(BoardMember.user_id == user.id))


def add_member(
    actor, *, name, email="", user=None, affiliation="", group, function="member",
    starts_on: date, ends_on: date | None = None,
) -> BoardMember:  # fmt: skip
    """A new member with a first term."""
    member = BoardMember(name=name.strip(), email=(email or "").strip().lower() or None,
                         user=user, affiliation=affiliation.strip())  # fmt: skip
    db.session.add(member)
    db.session.flush()
    add_term(actor, member, group=group, function=function, starts_on=starts_on, ends_on=ends_on)
    audit(actor, "member.added", member, f"{member.name} ({group})")
    return member


def add_term(actor, member, *, group, function, starts_on, ends_on=None) -> BoardTerm:
    """A further term; terms of one member must not overlap, chair and deputy are unique."""
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_l("A term cannot end before it starts."), field="ends_on")
    for term in member.terms:
        if _overlaps(term.starts_on, term.ends_on, starts_on, ends_on):
            raise DomainError(
                _l("This term overlaps another term of the member."), field="starts_on"
            )
    if function in ("chair", "deputy"):
        others = db.session.scalars(
            sa.select(BoardTerm).where(
                BoardTerm.function == function, BoardTerm.member_id != member.id
            )
        )
        if any(_overlaps(t.starts_on, t.ends_on, starts_on, ends_on) for t in others):
            raise DomainError(
                _l("Someone else holds this function in this period. End their term first."),
                field="function",
            )
    term = BoardTerm(member=member, seat_group=group, function=function,
                     starts_on=starts_on, ends_on=ends_on)  # fmt: skip
    db.session.add(term)
    db.session.flush()
    if member.id:
        audit(
            actor,
            "term.added",
            member,
            f"{member.name}: {group}, {function}, {starts_on}–{ends_on or ''}",
        )
    return term


def end_term(actor, term: BoardTerm, ends_on: date) -> None:
    if ends_on < term.starts_on:
        raise DomainError(_l("A term cannot end before it starts."), field="ends_on")
    term.ends_on = ends_on
    audit(actor, "term.ended", term.member, f"{term.member.name}: {ends_on}")
    db.session.flush()


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def terms_on(day: date) -> list[BoardTerm]:
    return list(
        db.session.scalars(
            sa.select(BoardTerm).where(
                BoardTerm.starts_on <= day,
                sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= day),
            )
        )
    )


def in_office_ids(day: date) -> set[int]:
    return {t.member_id for t in terms_on(day)}


def chair_id(day: date) -> int | None:
    return next((t.member_id for t in terms_on(day) if t.function == "chair"), None)


# --- rules of procedure --------------------------------------------------------------------


def add_rules_version(actor, *, title, body, effective_from, quorum, majority,
                      abstentions, tie) -> RulesVersion:  # fmt: skip
    """A new version of the rules of procedure; older versions stay for past decisions."""
    if db.session.scalar(
        sa.select(RulesVersion).where(RulesVersion.effective_from == effective_from)
    ):
        raise DomainError(
            _l("A version with this effective date exists already."), field="effective_from"
        )
    latest = db.session.scalar(sa.select(sa.func.max(RulesVersion.version))) or 0
    version = RulesVersion(version=latest + 1, title=title.strip(), body=body,
                           effective_from=effective_from, quorum=quorum, majority=majority,
                           abstentions=abstentions, tie=tie)  # fmt: skip
    db.session.add(version)
    db.session.flush()
    audit(actor, "rules.version_added", version, f"{version.version}: {title} ({effective_from})")
    return version


def rules_on(day: date) -> RulesVersion | None:
    return db.session.scalar(
        sa.select(RulesVersion)
        .where(RulesVersion.effective_from <= day)
        .order_by(RulesVersion.effective_from.desc())
        .limit(1)
    )


# --- meetings and items --------------------------------------------------------------------


def create_meeting(actor, *, title, starts_at, ends_at, location="", online_url="",
                   public=True) -> BoardMeeting:  # fmt: skip
    if ends_at <= starts_at:
        raise DomainError(_l("The meeting must end after it starts."), field="ends_at")
    meeting = BoardMeeting(title=title.strip(), starts_at=starts_at, ends_at=ends_at,
                           location=location.strip(), online_url=online_url.strip(), public=public)  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    audit(actor, "meeting.created", meeting, f"{meeting.title} {starts_at.isoformat()}")
    return meeting


def update_meeting(actor, meeting: BoardMeeting, *, title, starts_at, ends_at, location="",
                   online_url="", public=True) -> None:  # fmt: skip
    if ends_at <= starts_at:
        raise DomainError(_l("The meeting must end after it starts."), field="ends_at")
    meeting.title, meeting.starts_at, meeting.ends_at = title.strip(), starts_at, ends_at
    meeting.location, meeting.online_url, meeting.public = (
        location.strip(),
        online_url.strip(),
        public,
    )
    audit(actor, "meeting.changed", meeting, f"{meeting.title} {starts_at.isoformat()}")
    db.session.flush()


def save_minutes(actor, meeting: BoardMeeting, minutes: str) -> None:
    meeting.minutes = minutes
    audit(actor, "meeting.minutes", meeting, meeting.title)
    db.session.flush()


def set_attendance(actor, meeting: BoardMeeting, member_ids) -> None:
    allowed = in_office_ids(local_day(meeting.starts_at))
    wanted = {int(m) for m in member_ids} & allowed
    meeting.attendance = [a for a in meeting.attendance if a.member_id in wanted]
    have = {a.member_id for a in meeting.attendance}
    for member_id in sorted(wanted - have):
        meeting.attendance.append(Attendance(member_id=member_id))
    audit(actor, "meeting.attendance", meeting, f"{len(wanted)} present")
    db.session.flush()


def add_item(actor, *, title, description="", public=True, meeting=None, request=None,
             procedure="meeting", deadline=None, now=None) -> AgendaItem:  # fmt: skip
    """A matter for the board: in a meeting, or by written procedure with a deadline."""
    now = now or utcnow()
    if procedure == "written":
        if deadline is None or deadline <= now:
            raise DomainError(
                _l("A written procedure needs a deadline in the future."), field="deadline"
            )
        meeting = None
    elif meeting is None:
        raise DomainError(_l("Choose the meeting that deals with this item."), field="meeting")
    position = len(meeting.items) + 1 if meeting is not None else 0
    item = AgendaItem(title=title.strip(), description=description.strip(), public=public,
                      meeting=meeting, request=request, procedure=procedure,
                      deadline=deadline if procedure == "written" else None, position=position)  # fmt: skip
    db.session.add(item)
    db.session.flush()
    audit(actor, "item.added", item, f"{item.title} ({procedure})", now=now)
    return item


def forward_request(actor, req: HelpRequest, *, procedure, meeting=None, deadline=None,
                    public=True, note="", now=None) -> AgendaItem:  # fmt: skip
    """Staff forward a request to the board: it goes under review and becomes an item."""
    now = now or utcnow()
    request_services.transition(actor, req, "board_review", note=note, now=now)
    item = add_item(actor, title=req.title, description=req.description, public=public,
                    meeting=meeting, request=req, procedure=procedure, deadline=deadline, now=now)  # fmt: skip
    if procedure == "written":
        for member_id in in_office_ids(local_day(now)):
            member = db.session.get(BoardMember, member_id)
            if member.email:
                queue_mail(member.email, _l("Written procedure: %(title)s", title=item.title),
                           "governance/written_procedure", locale=member.user.locale if member.user else None,
                           item=item, member=member,
                           link=url_for("governance.item", item_id=item.id, _external=True))  # fmt: skip
    return item


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
    audit(member.user, "comment.added", item, f"{member.name}: {body[:200]}", now=now)
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
    audit(actor, "conflict.declared", item, f"{member.name}: {declaration.reason}", now=now)
    return declaration


def cast_vote(actor, member: BoardMember, item: AgendaItem, choice: str, now=None) -> BoardVote:
    """A vote yes / no / abstain; in a written procedure until the deadline, in a meeting only
    for members present. A second vote by the same member replaces the first."""
    now = now or utcnow()
    if choice not in rules.VOTE_CHOICES:
        raise DomainError(_l("Choose yes, no or abstain."), field="choice")
    day = decision_day(item, now)
    refusal = rules.vote_refusal(
        in_office_on_day=member.id in in_office_ids(day),
        conflicted=member.id in _conflicted(item),
        deadline=item.deadline if item.procedure == "written" else None,
        now=now,
        decided=item.decision is not None,
    )
    if refusal:
        raise DomainError(REFUSALS[refusal], field="choice")
    if item.meeting is not None and member.id not in {a.member_id for a in item.meeting.attendance}:
        raise DomainError(
            _l("Only members present at the meeting can vote on its items."), field="choice"
        )
    vote = next((v for v in item.votes if v.member_id == member.id), None)
    if vote is None:
        vote = BoardVote(item=item, member=member, choice=choice, cast_at=now)
        db.session.add(vote)
    else:
        vote.choice, vote.cast_at = choice, now
    db.session.flush()
    audit(actor, "vote.cast", item, f"{member.name}: {choice}", now=now)
    return vote


def outcome_for(item: AgendaItem, now=None) -> tuple[rules.Outcome | None, RulesVersion | None]:
    """What the decision would be now, from the votes and the rules in force on the day."""
    now = now or utcnow()
    day = decision_day(item, now)
    version = rules_on(day)
    if version is None:
        return None, None
    participating = {a.member_id for a in item.meeting.attendance} if item.meeting else set()
    outcome = rules.compute_outcome(
        in_office_ids(day), _conflicted(item), participating,
        {v.member_id: v.choice for v in item.votes}, version.procedure_rules, chair_id(day),
    )  # fmt: skip
    return outcome, version


def decide(actor, item: AgendaItem, rationale: str, now=None) -> Decision:
    """Record the decision computed from the votes; without quorum nothing is recorded.

    A decision on a help request moves it on: adopted -> accepted, rejected -> declined, and
    the requester gets the decision with its rationale by email.
    """
    now = now or utcnow()
    if item.decision is not None:
        raise DomainError(REFUSALS["decided"])
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
            _l("The board has no quorum for this item: %(n)s of %(needed)s required members took part.",
               n=outcome.participating, needed=outcome.needed),
        )  # fmt: skip
    decision = Decision(
        item=item, decided_on=local_day(now) if item.meeting is None else decision_day(item, now),
        outcome=outcome.key, rationale=rationale, rules_version=version,
        eligible=outcome.eligible, participating=outcome.participating,
        votes_yes=outcome.tally.yes, votes_no=outcome.tally.no, votes_abstain=outcome.tally.abstain,
        created_at=now,
    )  # fmt: skip
    db.session.add(decision)
    db.session.flush()
    audit(actor, "decision.recorded", item, f"{item.title}: {outcome.key}", now=now)
    req = item.request
    if req is not None and req.status == "board_review":
        target = "accepted" if outcome.adopted else "declined"
        request_services.transition(
            actor, req, target, reason=rationale, note=rationale, now=now,
            actor_name=str(_l("Advisory board")), by_board=True,
        )  # fmt: skip
        queue_mail(req.requester_email, _l("Decision of the advisory board on %(ref)s", ref=req.reference),
                   "governance/decision", locale=req.locale, req=req, decision=decision,
                   outcome_label=OUTCOME_LABELS[decision.outcome])  # fmt: skip
    return decision


def public_decisions_statement():
    """The public register: every decision, newest first (closed items show no content)."""
    return (
        sa.select(Decision)
        .join(Decision.item)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    )


REMIND_HOURS = 48


def remind_written_procedures(now=None) -> int:
    """Remind members who have not voted 48 hours before a deadline, and staff once it has
    passed; each reminder is sent once (cron, idempotent). Returns the number of emails."""
    from office.auth.models import User, UserRole

    now = now or utcnow()
    sent = 0
    open_items = db.session.scalars(
        sa.select(AgendaItem).where(
            AgendaItem.procedure == "written",
            ~AgendaItem.decision.has(),
            AgendaItem.deadline.is_not(None),
        )
    )
    for item in open_items:
        link = url_for("governance.item", item_id=item.id, _external=True)
        if now > item.deadline and item.reminded != "staff":
            staff = db.session.scalars(
                sa.select(User)
                .join(UserRole)
                .where(UserRole.role == "office_staff", User.active.is_(True))
            )
            for user in staff:
                queue_mail(user.email, _l("Written procedure ended: %(title)s", title=item.title),
                           "governance/procedure_ended", locale=user.locale, item=item, link=link)  # fmt: skip
                sent += 1
            item.reminded = "staff"
        elif now <= item.deadline <= now + timedelta(hours=REMIND_HOURS) and item.reminded is None:
            done = {v.member_id for v in item.votes} | _conflicted(item)
            for member_id in sorted(in_office_ids(local_day(now)) - done):
                member = db.session.get(BoardMember, member_id)
                if member.email:
                    queue_mail(member.email, _l("Reminder: please vote on %(title)s", title=item.title),
                               "governance/written_procedure", locale=member.user.locale if member.user else None,
                               item=item, member=member, link=link)  # fmt: skip
                    sent += 1
            item.reminded = "members"
    db.session.flush()
    return sent
