from datetime import UTC, datetime, timedelta

import pytest

from office.assemblies import rules

T = datetime(2027, 1, 10, 17, 0, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("starts", "ends", "selected", "problem"),
    [
        (T, T + 3 * H, T - 24 * H, ""),
        (T, T + 3 * H, T, ""),  # the same moment as the draw: allowed
        (T, T + 3 * H, T + timedelta(seconds=1), "before_selection"),
        (T, T + 3 * H, None, "no_selection"),
        (T, T, T - H, "ends_before_start"),
        (T, T - H, None, "ends_before_start"),
    ],
)
def test_session_problem_table(starts, ends, selected, problem):
    assert rules.session_problem(starts, ends, selected) == problem


@pytest.mark.parametrize(
    ("now", "reminded", "due"),
    [
        (T - 49 * H, None, False),
        (T - 48 * H, None, True),
        (T - H, None, True),
        (T, None, False),  # the session has begun
        (T - H, T - 2 * H, False),  # reminded already
    ],
)
def test_reminder_due_table(now, reminded, due):
    assert rules.reminder_due(T, reminded, now) is due


@pytest.mark.parametrize(
    ("first", "second", "overlaps"),
    [
        ((T, T + 2 * H), (T + H, T + 3 * H), True),
        ((T, T + 2 * H), (T + 2 * H, T + 3 * H), False),  # back to back
        ((T, T + 4 * H), (T + H, T + 2 * H), True),  # inside
        ((T + H, T + 2 * H), (T, T + 4 * H), True),
        ((T, T + H), (T + 5 * H, T + 6 * H), False),
    ],
)
def test_overlap_table(first, second, overlaps):
    assert rules.overlap(first, second) is overlaps
    assert rules.clashes(first, [second]) is overlaps


def test_clashes_with_nothing_booked_is_false():
    assert rules.clashes((T, T + H), []) is False


@pytest.mark.parametrize(
    ("present", "recorded", "rate"), [(0, 0, None), (3, 4, 0.75), (4, 4, 1.0), (0, 4, 0.0)]
)
def test_attendance_rate_table(present, recorded, rate):
    assert rules.attendance_rate(present, recorded) == rate


def test_for_review_lists_members_from_two_absences_most_first():
    assert rules.for_review({"a": 1, "b": 2, "c": 3, "d": 0}) == ["c", "b"]
    assert rules.for_review({"a": 1}) == []
