"""Rules of help requests: types and their fields, the workflow, response-time due dates.

Pure functions: no Flask, no database; `today`/`now` are passed in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

#: request type -> the type-specific fields it asks for (besides title and description)
REQUEST_TYPES: dict[str, tuple[str, ...]] = {
    "process_help": ("help_kind", "planned_start", "topic_area"),
    "initiative_support": ("support_kind", "initiative_name", "amount"),
    "tailor_made_course": ("audience", "participants", "preferred_dates"),
    "new_process": ("topic_area", "affected_area", "planned_start"),
    "other": (),
}

#: who may submit which type: departments ask for process help, initiatives for support
TYPE_AUDIENCE: dict[str, frozenset] = {
    "process_help": frozenset({"department_staff", "office_staff"}),
    "initiative_support": frozenset({"initiative_rep", "public", "office_staff"}),
    "tailor_made_course": frozenset(
        {"department_staff", "initiative_rep", "public", "office_staff"}
    ),
    "new_process": frozenset({"department_staff", "initiative_rep", "public", "office_staff"}),
    "other": frozenset({"department_staff", "initiative_rep", "public", "office_staff"}),
}

STATUSES = (
    "submitted",
    "in_triage",
    "board_review",
    "accepted",
    "declined",
    "referred",
    "in_progress",
    "done",
)
OPEN_STATUSES = ("submitted", "in_triage", "board_review", "accepted", "in_progress")
CLOSED_STATUSES = ("declined", "referred", "done")

#: the workflow: status -> statuses it may move to. Everything else is refused.
TRANSITIONS: dict[str, frozenset] = {
    "submitted": frozenset({"in_triage"}),
    "in_triage": frozenset({"board_review", "accepted", "declined", "referred"}),
    # the board's decision moves a request on; staff may take it back to triage
    "board_review": frozenset({"accepted", "declined", "in_triage"}),
    "accepted": frozenset({"in_progress"}),
    "in_progress": frozenset({"done"}),
    "declined": frozenset(),
    "referred": frozenset(),
    "done": frozenset(),
}

#: what a transition needs besides the target status
REQUIRED_FOR: dict[str, tuple[str, ...]] = {
    "in_triage": ("assignee",),
    "declined": ("reason",),
    "referred": ("referral",),
    "done": ("outcome",),
}


def allowed_targets(status: str) -> frozenset:
    """The statuses a request in `status` may move to."""
    return TRANSITIONS.get(status, frozenset())


def transition_allowed(current: str, target: str) -> bool:
    """Only the moves in TRANSITIONS are allowed (e.g. done -> submitted is not)."""
    return target in allowed_targets(current)


def missing_for_transition(target: str, given: dict) -> list[str]:
    """The names of required inputs for moving to `target` that are empty in `given`."""
    return [name for name in REQUIRED_FOR.get(target, ()) if not given.get(name)]


def is_working_day(day: date, holidays: frozenset | set = frozenset()) -> bool:
    """Monday to Friday and not a configured holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset | set = frozenset()) -> date:
    """The date `days` working days after `start` (start itself does not count).

    A request submitted on Friday with 1 working day is due on Monday; with a holiday on
    Monday, on Tuesday. Zero days means the next working day on or after `start`.
    """
    day = start
    if days <= 0:
        while not is_working_day(day, holidays):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: date, end: date, holidays: frozenset | set = frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


@dataclass(frozen=True)
class DueState:
    key: str  # "overdue", "due_soon", "on_time", "answered"
    days_left: int | None


def due_state(
    due: date | None,
    today: date,
    answered: bool,
    soon_days: int = 2,
    holidays: frozenset | set = frozenset(),
) -> DueState:
    """Overdue after the due date; due soon when at most `soon_days` working days are left."""
    if answered or due is None:
        return DueState("answered", None)
    if today > due:
        return DueState("overdue", -working_days_between(due, today, holidays))
    left = working_days_between(today, due, holidays)
    return DueState("due_soon" if left <= soon_days else "on_time", left)


def reminder_kind(state: DueState) -> str | None:
    """Which reminder an assignee gets for a request in this state (one per kind)."""
    return state.key if state.key in ("overdue", "due_soon") else None
