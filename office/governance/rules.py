"""Rules of the advisory board: who is in office, quorum, majority, who may vote.

Pure functions: no Flask, no database; dates and `now` are passed in. The quorum and majority
rules come from the rules of procedure (Geschäftsordnung) in force on the meeting's date, or on
the deadline of a written procedure (Umlaufverfahren).
"""

from dataclasses import dataclass
from datetime import date, datetime

GROUPS = ("citizens", "initiatives", "administration", "politics", "science", "other")
FUNCTIONS = ("member", "chair", "deputy")
QUORUM_RULES = ("more_than_half", "at_least_half", "two_thirds")
MAJORITY_RULES = ("simple", "two_thirds", "absolute")
ABSTENTION_RULES = ("not_counted", "count_as_no")
TIE_RULES = ("rejected", "chair_decides")
VOTE_CHOICES = ("yes", "no", "abstain")


@dataclass(frozen=True)
class ProcedureRules:
    """The voting rules of one version of the rules of procedure."""

    quorum: str = "more_than_half"
    majority: str = "simple"
    abstentions: str = "not_counted"
    tie: str = "rejected"


@dataclass(frozen=True)
class Term:
    member_id: int
    starts_on: date
    ends_on: date | None


def in_office(term: Term, on: date) -> bool:
    """A term runs from its first to its last day, both included; no end means open-ended."""
    return term.starts_on <= on and (term.ends_on is None or on <= term.ends_on)


def members_in_office(terms, on: date) -> set[int]:
    """The ids of members with a term running on `on`."""
    return {t.member_id for t in terms if in_office(t, on)}


def rules_in_force(versions, on: date):
    """The version with the latest effective date on or before `on` (None before the first).

    `versions` are objects with `effective_from`; a change takes effect on that day.
    """
    candidates = [v for v in versions if v.effective_from <= on]
    return max(candidates, key=lambda v: v.effective_from, default=None)


def quorum_needed(eligible: int, rule: str) -> int:
    """How many eligible members must take part for the board to decide.

    more_than_half: 9 members -> 5, 8 -> 5; at_least_half: 8 -> 4; two_thirds: 9 -> 6.
    `eligible` are the members in office minus those who declared a conflict of interest.
    """
    if eligible <= 0:
        return 1  # nobody can decide
    if rule == "more_than_half":
        return eligible // 2 + 1
    if rule == "at_least_half":
        return (eligible + 1) // 2
    if rule == "two_thirds":
        return -(-2 * eligible // 3)
    raise ValueError(f"unknown quorum rule {rule}")


def quorum_reached(eligible: int, participating: int, rule: str) -> bool:
    """Enough eligible members take part (present in a meeting, or voted in writing)."""
    return eligible > 0 and participating >= quorum_needed(eligible, rule)


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


def tally(choices) -> Tally:
    choices = list(choices)
    return Tally(choices.count("yes"), choices.count("no"), choices.count("abstain"))


def majority_reached(
    t: Tally, rules: ProcedureRules, eligible: int, chair_vote: str | None = None
) -> bool:
    """Whether a motion is adopted.

    simple: more yes than no; absolute: more yes than half of the eligible members;
    two_thirds: at least two thirds of the counted votes are yes. Abstentions are either
    not counted or counted as no. A tie (yes == no, simple majority) is rejected unless the
    rules let the chair decide; then the chair's vote decides.
    """
    no = t.no + (t.abstain if rules.abstentions == "count_as_no" else 0)
    if rules.majority == "absolute":
        return t.yes * 2 > eligible
    if rules.majority == "two_thirds":
        counted = t.yes + no
        return counted > 0 and t.yes * 3 >= counted * 2
    if rules.majority != "simple":
        raise ValueError(f"unknown majority rule {rules.majority}")
    if t.yes == no:
        return t.yes > 0 and rules.tie == "chair_decides" and chair_vote == "yes"
    return t.yes > no


@dataclass(frozen=True)
class Outcome:
    quorum_reached: bool
    adopted: bool
    needed: int
    eligible: int
    participating: int
    tally: Tally

    @property
    def key(self) -> str:
        if not self.quorum_reached:
            return "no_quorum"
        return "adopted" if self.adopted else "rejected"


def compute_outcome(
    in_office_ids: set,
    conflicted_ids: set,
    participating_ids: set,
    votes: dict,
    rules: ProcedureRules,
    chair_id: int | None = None,
) -> Outcome:
    """The decision on one item from who is in office, conflicts, participation and votes.

    Members with a declared conflict are excluded from quorum and vote; votes of members not in
    office on the day are ignored. `votes` maps member id -> "yes" / "no" / "abstain".
    """
    eligible_ids = set(in_office_ids) - set(conflicted_ids)
    counted = {m: c for m, c in votes.items() if m in eligible_ids}
    participating = (set(participating_ids) | set(counted)) & eligible_ids
    needed = quorum_needed(len(eligible_ids), rules.quorum)
    reached = quorum_reached(len(eligible_ids), len(participating), rules.quorum)
    t = tally(counted.values())
    adopted = reached and majority_reached(
        t, rules, len(eligible_ids), counted.get(chair_id) if chair_id else None
    )
    return Outcome(reached, adopted, needed, len(eligible_ids), len(participating), t)


def casting_vote_decided(yes: int, no: int, tie_rule: str) -> bool:
    """True when yes and no were equal and the rules of procedure let the chair's casting vote
    decide: the result must then say so."""
    return yes == no and tie_rule == "chair_decides"


def not_begun(meeting_start: datetime | None, now: datetime) -> bool:
    """True while a meeting has not begun: nothing is recorded for it before its start (a
    decision dated 27 December cannot be entered on 6 December)."""
    return meeting_start is not None and now < meeting_start


def vote_refusal(
    in_office_on_day: bool,
    conflicted: bool,
    deadline: datetime | None,
    now: datetime,
    decided: bool,
    meeting_start: datetime | None = None,
) -> str | None:
    """Why a member may not vote on an item now, as a key; None when the vote is allowed."""
    if decided:
        return "decided"
    if not_begun(meeting_start, now):
        return "not_begun"
    if not in_office_on_day:
        return "not_in_office"
    if conflicted:
        return "conflict"
    if deadline is not None and now > deadline:
        return "deadline_passed"
    return None
