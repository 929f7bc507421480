from datetime import UTC, datetime, timedelta

import pytest

from office.requests import rules

NOON = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


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
    ("left", "paused", "key"),
    [
        (-1, False, "overdue"),
        (0, False, "overdue"),
        (1, False, "due_soon"),
        (480, False, "due_soon"),
        (481, False, "on_time"),
        (-30, True, "paused"),
    ],
)
def test_clock_state_at_the_boundaries(left, paused, key):
    assert rules.clock_state("first_response", NOON, left, paused).key == key


def test_most_urgent_clock_is_an_overdue_one_then_the_earliest():
    soon = rules.ClockState("resolution", "due_soon", NOON, 10)
    late = rules.ClockState("next_response", "overdue", NOON + timedelta(days=1), -5)
    fine = rules.ClockState("first_response", "on_time", NOON - timedelta(days=1), 900)
    assert rules.most_urgent([soon, late, fine]) is late
    assert rules.most_urgent([soon, fine]) is soon
    assert rules.most_urgent([fine]) is None


@pytest.mark.parametrize(
    ("status", "resume_to", "target", "allowed"),
    [
        ("in_progress", None, "waiting_requester", True),
        ("in_triage", None, "waiting_third_party", True),
        ("submitted", None, "waiting_requester", False),
        ("waiting_requester", "in_progress", "in_progress", True),
        ("waiting_requester", "in_progress", "done", True),
        ("waiting_requester", "in_progress", "waiting_third_party", True),
        ("waiting_requester", "in_progress", "in_triage", False),
        ("waiting_third_party", "in_triage", "declined", True),
        ("waiting_third_party", "in_triage", "done", False),
    ],
)
def test_a_waiting_request_returns_where_it_waited(status, resume_to, target, allowed):
    assert rules.transition_allowed(status, target, resume_to) is allowed


@pytest.mark.parametrize(
    ("status", "closed_days_ago", "allowed"),
    [("done", 0, True), ("done", 14, True), ("done", 15, False), ("declined", 1, False)],
)
def test_reopen_only_done_requests_within_the_days(status, closed_days_ago, allowed):
    closed_at = NOON - timedelta(days=closed_days_ago)
    assert rules.may_reopen(status, closed_at, NOON, 14) is allowed


def test_every_type_has_service_levels_for_the_three_clocks():
    for type_ in rules.REQUEST_TYPES:
        assert set(rules.SERVICE_LEVELS[type_]) == set(rules.CLOCKS)
    assert rules.target_minutes("other", "first_response") == 16 * 60


def test_every_type_has_an_audience_and_fields():
    assert set(rules.REQUEST_TYPES) == set(rules.TYPE_AUDIENCE)
    assert "tailor_made_course" in rules.REQUEST_TYPES and "new_process" in rules.REQUEST_TYPES
