from datetime import date

import pytest

from office.requests import rules

FRI = date(2026, 11, 20)
SAT = date(2026, 11, 21)
MON = date(2026, 11, 23)
TUE = date(2026, 11, 24)
HOLIDAY_MON = frozenset({MON})


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("submitted", "in_triage", True),
        ("submitted", "accepted", False),
        ("in_triage", "board_review", True),
        ("in_triage", "referred", True),
        ("board_review", "accepted", True),
        ("board_review", "done", False),
        ("accepted", "in_progress", True),
        ("in_progress", "done", True),
        ("done", "submitted", False),
        ("declined", "in_triage", False),
        ("referred", "accepted", False),
        ("unknown", "done", False),
    ],
)
def test_transition_allowed_only_along_the_workflow(current, target, allowed):
    assert rules.transition_allowed(current, target) is allowed


@pytest.mark.parametrize(
    ("target", "given", "missing"),
    [
        ("declined", {}, ["reason"]),
        ("declined", {"reason": "out of scope"}, []),
        ("referred", {"referral": None}, ["referral"]),
        ("done", {"outcome": ""}, ["outcome"]),
        ("in_triage", {"assignee": 3}, []),
        ("accepted", {}, []),
    ],
)
def test_missing_for_transition_names_required_inputs(target, given, missing):
    assert rules.missing_for_transition(target, given) == missing


@pytest.mark.parametrize(
    ("start", "days", "holidays", "due"),
    [
        (FRI, 1, frozenset(), MON),
        (FRI, 1, HOLIDAY_MON, TUE),
        (SAT, 1, frozenset(), MON),
        (MON, 5, frozenset(), date(2026, 11, 30)),
        (SAT, 0, frozenset(), MON),
        (FRI, 0, frozenset(), FRI),
        (
            date(2026, 12, 23),
            2,
            frozenset({date(2026, 12, 24), date(2026, 12, 25)}),
            date(2026, 12, 29),
        ),
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, days, holidays, due):
    assert rules.add_working_days(start, days, holidays) == due


@pytest.mark.parametrize(
    ("due", "today", "answered", "key"),
    [
        (TUE, MON, False, "due_soon"),
        (TUE, TUE, False, "due_soon"),
        (TUE, date(2026, 11, 25), False, "overdue"),
        (date(2026, 12, 4), MON, False, "on_time"),
        (date(2026, 11, 25), MON, False, "due_soon"),
        (date(2026, 11, 26), MON, False, "on_time"),
        (TUE, date(2026, 12, 1), True, "answered"),
        (None, MON, False, "answered"),
    ],
)
def test_due_state_at_the_boundaries(due, today, answered, key):
    state = rules.due_state(due, today, answered, soon_days=2)
    assert state.key == key


def test_due_state_soon_window_counts_working_days_across_weekend():
    # Friday, due Tuesday: Monday and Tuesday left -> due soon
    assert rules.due_state(TUE, FRI, False, soon_days=2).key == "due_soon"
    # with Monday a holiday only Tuesday is left, still due soon
    assert rules.due_state(TUE, FRI, False, soon_days=1, holidays=HOLIDAY_MON).key == "due_soon"


@pytest.mark.parametrize(
    ("key", "reminder"), [("overdue", "overdue"), ("due_soon", "due_soon"), ("on_time", None)]
)
def test_reminder_kind_only_for_late_or_soon(key, reminder):
    assert rules.reminder_kind(rules.DueState(key, 0)) == reminder


def test_every_type_has_an_audience_and_fields():
    assert set(rules.REQUEST_TYPES) == set(rules.TYPE_AUDIENCE)
    assert "tailor_made_course" in rules.REQUEST_TYPES and "new_process" in rules.REQUEST_TYPES
