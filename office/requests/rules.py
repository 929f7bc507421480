"""Rules of help requests: types and their fields, the workflow, the service-level clocks.

Pure functions: no Flask, no database; `today`/`now` are passed in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

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
    "waiting_requester",
    "waiting_third_party",
    "done",
)
#: the office waits for the requester or for a third party: every clock stops meanwhile
WAITING_STATUSES = ("waiting_requester", "waiting_third_party")
OPEN_STATUSES = (
    "submitted",
    "in_triage",
    "board_review",
    "accepted",
    "in_progress",
    *WAITING_STATUSES,
)
CLOSED_STATUSES = ("declined", "referred", "done")

#: the workflow: status -> statuses it may move to. Everything else is refused.
TRANSITIONS: dict[str, frozenset] = {
    "submitted": frozenset({"in_triage"}),
    "in_triage": frozenset({"board_review", "accepted", "declined", "referred", *WAITING_STATUSES}),
    # the board's decision moves a request on; staff may take it back to triage
    "board_review": frozenset({"accepted", "declined", "in_triage"}),
    "accepted": frozenset({"in_progress", *WAITING_STATUSES}),
    "in_progress": frozenset({"done", *WAITING_STATUSES}),
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

#: the three clocks of a request, as help desks keep them
CLOCKS = ("first_response", "next_response", "resolution")

#: request type -> working hours (OFFICE_HOURS) until the first response, the next response
#: after the requester wrote, and the resolution. The office's service promise.
SERVICE_LEVELS: dict[str, dict[str, int]] = {
    "process_help": {"first_response": 16, "next_response": 16, "resolution": 150},
    "initiative_support": {"first_response": 16, "next_response": 16, "resolution": 110},
    "tailor_made_course": {"first_response": 24, "next_response": 16, "resolution": 150},
    "new_process": {"first_response": 24, "next_response": 24, "resolution": 300},
    "other": {"first_response": 16, "next_response": 16, "resolution": 75},
}

#: a clock with at most this many working minutes left is "due soon" (one working day)
DUE_SOON_MINUTES = 8 * 60


def target_minutes(type_: str, clock: str) -> int:
    """The working minutes a request of `type_` has for `clock`."""
    return SERVICE_LEVELS.get(type_, SERVICE_LEVELS["other"])[clock] * 60


def allowed_targets(status: str, resume_to: str | None = None) -> frozenset:
    """The statuses a request in `status` may move to.

    A waiting request goes back to the status it waited in (`resume_to`), on to where that one
    may be closed, or to the other waiting status.
    """
    if status in WAITING_STATUSES:
        base = resume_to or "in_progress"
        other = set(WAITING_STATUSES) - {status}
        return frozenset(
            {base, *other, *(TRANSITIONS.get(base, frozenset()) & set(CLOSED_STATUSES))}
        )
    return TRANSITIONS.get(status, frozenset())


def transition_allowed(current: str, target: str, resume_to: str | None = None) -> bool:
    """Only the moves in TRANSITIONS are allowed (e.g. done -> submitted is not)."""
    return target in allowed_targets(current, resume_to)


def missing_for_transition(target: str, given: dict) -> list[str]:
    """The names of required inputs for moving to `target` that are empty in `given`."""
    return [name for name in REQUIRED_FOR.get(target, ()) if not given.get(name)]


@dataclass(frozen=True)
class ClockState:
    """Where one clock stands: "overdue", "due_soon", "on_time" or "paused"."""

    clock: str
    key: str
    due_at: datetime
    #: working minutes left (negative: overdue by that much)
    minutes_left: int


def clock_state(clock: str, due_at: datetime, minutes_left: int, paused: bool) -> ClockState:
    """Overdue once no working minute is left; due soon within one working day."""
    if paused:
        key = "paused"
    elif minutes_left <= 0:
        key = "overdue"
    elif minutes_left <= DUE_SOON_MINUTES:
        key = "due_soon"
    else:
        key = "on_time"
    return ClockState(clock, key, due_at, minutes_left)


def most_urgent(states: list[ClockState]) -> ClockState | None:
    """The clock a reminder is about: an overdue one before one due soon, the earliest first."""
    urgent = [s for s in states if s.key in ("overdue", "due_soon")]
    return min(urgent, key=lambda s: (s.key != "overdue", s.due_at), default=None)


def resumed_due(due_at: datetime, paused_at: datetime, remaining_minutes: int) -> bool:
    """Whether a paused clock is moved on when the wait ends: only one not yet overdue when
    the wait began keeps its remaining working time (`remaining_minutes` at `paused_at`)."""
    return due_at > paused_at and remaining_minutes > 0


def may_reopen(status: str, closed_at: datetime | None, now: datetime, days: int) -> bool:
    """A requester may reopen a request that is done within `days` days of closing."""
    return status == "done" and closed_at is not None and now - closed_at <= timedelta(days=days)


#: what becomes of a mail to the office (InboundMail.status)
INBOUND_STATUSES = ("threaded", "review", "handled", "automatic")
#: why a mail is kept for staff instead of joining a thread
INBOUND_REASONS = (
    "no_request",
    "sender",
    "too_large",
    "attachment",
    "closed",
    "empty",
    "automatic",
    "unreadable",
)


@dataclass(frozen=True)
class InboundFacts:
    """What the office knows about a received mail before threading it."""

    automatic: bool
    found: bool
    sender_ok: bool
    closed: bool
    reopenable: bool
    attachments_ok: bool
    has_text: bool


def inbound_outcome(facts: InboundFacts) -> str | None:
    """Why a received mail cannot join a request's thread (None: it can).

    Automatic mail never joins (no reopening by an out-of-office note); a mail must name a
    request, come from its requester's address, reach a request that is open or may still be
    reopened, carry only allowed files, and say something.
    """
    checks = (
        ("automatic", not facts.automatic),
        ("no_request", facts.found),
        ("sender", facts.sender_ok),
        ("closed", not facts.closed or facts.reopenable),
        ("attachment", facts.attachments_ok),
        ("empty", facts.has_text),
    )
    return next((reason for reason, ok in checks if not ok), None)
