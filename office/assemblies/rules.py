"""The office's rules for an assembly's work between selection and recommendations.

Pure functions: no Flask, no database; `now` is passed in.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

#: members are reminded this long before a session (Copenhagen's borgerting: "two days before")
REMINDER_LEAD = timedelta(hours=48)

#: a member who missed this many sessions is shown to the office as a case for replacement
ABSENCES_FOR_REVIEW = 2


def session_problem(starts_at: datetime, ends_at: datetime, selected_at: datetime | None) -> str:
    """Why a session cannot be planned at these times ("" when it can).

    A session needs a panel: it is planned only once the selection has been drawn, and it starts
    after the draw ("before_selection"; "no_selection" while nothing is drawn). It ends after it
    starts ("ends_before_start").
    """
    if ends_at <= starts_at:
        return "ends_before_start"
    if selected_at is None:
        return "no_selection"
    if starts_at < selected_at:
        return "before_selection"
    return ""


def reminder_due(starts_at: datetime, reminded_at: datetime | None, now: datetime) -> bool:
    """Members are reminded once, within REMINDER_LEAD before the start and not after it."""
    return reminded_at is None and starts_at - REMINDER_LEAD <= now < starts_at


def overlap(first: tuple[datetime, datetime], second: tuple[datetime, datetime]) -> bool:
    """Two sessions overlap when one starts before the other ends (touching ends do not)."""
    return first[0] < second[1] and second[0] < first[1]


def clashes(wanted: tuple[datetime, datetime], booked: Iterable[tuple[datetime, datetime]]) -> bool:
    """A facilitator cannot be at two sessions at the same time."""
    return any(overlap(wanted, other) for other in booked)


def attendance_rate(present: int, recorded: int) -> float | None:
    """Share of the recorded members who came; None while nothing is recorded."""
    return present / recorded if recorded else None


def for_review(absences: dict[str, int], threshold: int = ABSENCES_FOR_REVIEW) -> list[str]:
    """Members (by key) who missed `threshold` sessions or more, most absences first."""
    due = [key for key, count in absences.items() if count >= threshold]
    return sorted(due, key=lambda key: (-absences[key], key))
