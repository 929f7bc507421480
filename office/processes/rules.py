"""Rules of the process catalogue and of the recommendations chain; pure functions."""

from dataclasses import dataclass
from datetime import date, timedelta

#: implementation is reported at least every quarter once an answer accepts a recommendation
#: (office practice for the follow-up of citizens' assemblies, seeds/000: "follow-up")
UPDATE_INTERVAL_DAYS = 90
#: answers that commit the administration to implement (all or part of) a recommendation
COMMITTING_ANSWERS = ("accepted", "partly")
#: implementation states that end the follow-up
FINAL_IMPLEMENTATION = ("implemented", "not_implemented")


def phase_dates_valid(starts_on: date, ends_on: date) -> bool:
    """A phase ends on or after the day it starts."""
    return ends_on >= starts_on


def progress_valid(progress) -> bool:
    """Implementation progress is a whole percentage from 0 to 100."""
    return isinstance(progress, int) and not isinstance(progress, bool) and 0 <= progress <= 100


def accepts_suggestions(status: str, is_public: bool) -> bool:
    """The public comments on processes that are public and still planned (or running)."""
    return is_public and status in ("planned", "running")


def answer_overdue(answer: str, answer_due_on: date | None, today: date) -> bool:
    """Politics owes an answer: still pending after the day it was due."""
    return answer == "pending" and answer_due_on is not None and today > answer_due_on


def next_update_due(
    answer: str, implementation: str, answered_on: date | None, last_update_on: date | None
) -> date | None:
    """When the next implementation update is due: a quarter after the answer or the last update,
    for recommendations the answer commits to and whose implementation has not ended."""
    if answer not in COMMITTING_ANSWERS or implementation in FINAL_IMPLEMENTATION:
        return None
    since = last_update_on or answered_on
    if since is None:
        return None
    return since + timedelta(days=UPDATE_INTERVAL_DAYS)


def update_overdue(due: date | None, today: date) -> bool:
    return due is not None and today > due


@dataclass(frozen=True)
class Scorecard:
    total: int
    answered: int
    accepted: int
    partly: int
    rejected: int
    pending: int
    overdue: int
    implemented: int
    average_progress: int


def scorecard(rows, today: date) -> Scorecard:
    """Counts for the public scorecard from (answer, answer_due_on, implementation, progress)."""
    rows = list(rows)
    answers = [r[0] for r in rows]
    committed = [r for r in rows if r[0] in COMMITTING_ANSWERS]
    return Scorecard(
        total=len(rows),
        answered=sum(a != "pending" for a in answers),
        accepted=answers.count("accepted"),
        partly=answers.count("partly"),
        rejected=answers.count("rejected"),
        pending=answers.count("pending"),
        overdue=sum(answer_overdue(a, due, today) for a, due, _i, _p in rows),
        implemented=sum(r[2] == "implemented" for r in rows),
        average_progress=round(sum(r[3] for r in committed) / len(committed)) if committed else 0,
    )


#: OParl `result` values of council systems (German vocabulary of the standard's examples and
#: of common systems) and the political answer they mean
COUNCIL_RESULTS = {
    "beschlossen": "accepted",
    "unverändert beschlossen": "accepted",
    "einstimmig beschlossen": "accepted",
    "geändert beschlossen": "partly",
    "mit änderungen beschlossen": "partly",
    "teilweise beschlossen": "partly",
    "abgelehnt": "rejected",
}


@dataclass(frozen=True)
class CouncilAnswer:
    """The political answer a council system reports for a paper."""

    answer: str
    answered_on: date
    committee: str
    rationale: str


def council_decision(result: str) -> str | None:
    """The political answer a council's `result` means; None for anything that is not a
    decision ("Zur Kenntnis genommen", "Vertagt", an unknown wording)."""
    return COUNCIL_RESULTS.get(" ".join((result or "").lower().split()))


def council_answer(result: str, day: date | None, committee: str, text: str, today: date):
    """The answer a council decision means, or None while the council has not decided (an
    unknown result, or a decision dated in the future, is not an answer yet)."""
    answer = council_decision(result)
    if answer is None or day is None or day > today:
        return None
    return CouncilAnswer(answer, day, committee.strip()[:200] or "?", (text or "").strip())


def follow_up_problem(
    answer: str, implementation: str, progress: int, day: date | None, today: date
) -> str | None:
    """Why a recommendation's answer and implementation contradict each other, or None.

    The chain runs in order: answer first, then implementation. Nothing is implemented before
    politics has answered; a rejected recommendation is at most "not implemented";
    "implemented" means 100 %; what happened has no date after today.
    """
    if day is not None and day > today:
        return "future_date"
    if answer == "pending" and implementation != "open":
        return "no_answer_yet"
    if answer == "rejected" and implementation not in ("open", "not_implemented"):
        return "rejected"
    if implementation == "implemented" and progress != 100:
        return "implemented_means_complete"
    return None


def pledge_problem(process_is_public: bool, status: str, progress: int) -> str | None:
    """Why a partner's pledge or report cannot be recorded, or None.

    A pledge is public on the scorecard, so it may only be made to a recommendation the public
    can see (a public process); its progress is 0-100, and a pledge marked done is at 100.
    """
    if not process_is_public:
        return "unpublished"
    if not progress_valid(progress):
        return "progress"
    if status == "done" and progress != 100:
        return "done_not_full"
    return None


# --- drafts, public comments and the assembly's vote ----------------------------------------

#: name and email of residents who commented are removed this many days after the comment
#: period ends; the text stays with the recommendation as "a resident" (docs/privacy.md)
COMMENT_AUTHOR_RETENTION_DAYS = 90

DRAFT, OPEN, FINAL = "draft", "open_for_comment", "final"


def stage_change_problem(
    current: str,
    target: str,
    today: date,
    opens_on: date | None = None,
    closes_on: date | None = None,
    process_is_public: bool = True,
) -> str | None:
    """Why a recommendation cannot move from `current` to `target`, or None.

    The assembly develops its recommendations itself; other residents may be invited to comment
    before they are final (Copenhagen's borgerting, seeds/000). So: draft -> open for comment
    (for a set period on a public process, ending today or later) -> final; a draft may become
    final without a comment period; a recommendation open for comment becomes final only once
    its period has ended, or goes back to draft; a final recommendation stays final.
    """
    if current == FINAL:
        return "already_final"
    if target == current or target not in (DRAFT, OPEN, FINAL):
        return "same_stage"
    if target == OPEN:
        if opens_on is None or closes_on is None:
            return "period_missing"
        if closes_on < opens_on:
            return "period_reversed"
        if closes_on < today:
            return "period_past"
        if not process_is_public:
            return "process_not_public"
    if target == FINAL and current == OPEN and closes_on is not None and today <= closes_on:
        return "comment_period_running"
    return None


def accepts_comments(
    stage: str, opens_on: date | None, closes_on: date | None, today: date
) -> bool:
    """Residents comment on a recommendation open for comment, from the first to the last day of
    its period (both included, in the office's time zone)."""
    return (
        stage == OPEN
        and opens_on is not None
        and closes_on is not None
        and opens_on <= today <= closes_on
    )


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def support_problem(
    votes_for, votes_against, votes_abstained, panel_size: int | None
) -> str | None:
    """Why the assembly's vote on a recommendation does not add up, or None.

    Each count is a whole number of members, at least one member voted, and no more members
    voted than the panel has seats (when the assembly's selection is known)."""
    votes = (votes_for, votes_against, votes_abstained)
    if not all(_count(v) for v in votes):
        return "not_counts"
    if sum(votes) == 0:
        return "no_votes"
    if panel_size is not None and sum(votes) > panel_size:
        return "more_than_panel"
    return None


def minority_problem(
    supporters, votes_against: int | None, votes_abstained: int | None
) -> str | None:
    """Why a minority statement's number of supporters does not add up, or None.

    A minority statement is written by members who could not agree (seeds/000: "hvis der ikke
    kan opnås enighed"): at least one member, and no more than voted against or abstained."""
    if not _count(supporters) or supporters < 1:
        return "supporters_not_count"
    if votes_against is None:
        return "no_vote_recorded"
    if supporters > votes_against + (votes_abstained or 0):
        return "more_than_dissent"
    return None


def comment_author_expired(closes_on: date | None, today: date) -> bool:
    """The commenter's name and email are due for removal: the retention period after the end of
    the comment period has passed."""
    return closes_on is not None and today > closes_on + timedelta(
        days=COMMENT_AUTHOR_RETENTION_DAYS
    )
