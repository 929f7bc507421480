from datetime import date, timedelta

import pytest

from office.processes import rules

D = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (D, D, True),  # a one-day phase
        (D, date(2026, 6, 16), True),
        (D, date(2026, 6, 14), False),  # ends the day before it starts
    ],
)
def test_phase_dates_valid_end_not_before_start(start, end, valid):
    assert rules.phase_dates_valid(start, end) is valid


@pytest.mark.parametrize(
    ("progress", "valid"),
    [
        (0, True),
        (100, True),
        (55, True),
        (-1, False),
        (101, False),
        (50.5, False),
        (True, False),
        ("50", False),
    ],
)
def test_progress_valid_whole_percentages_only(progress, valid):
    assert rules.progress_valid(progress) is valid


@pytest.mark.parametrize(
    ("answer", "due", "today", "overdue"),
    [
        ("pending", D, D, False),  # due today is not overdue yet
        ("pending", D, date(2026, 6, 16), True),
        ("pending", None, date(2030, 1, 1), False),  # no deadline set
        ("accepted", D, date(2026, 7, 1), False),
        ("rejected", D, date(2026, 7, 1), False),
    ],
)
def test_answer_overdue_only_pending_after_due_day(answer, due, today, overdue):
    assert rules.answer_overdue(answer, due, today) is overdue


@pytest.mark.parametrize(
    ("answer", "implementation", "answered", "last", "expected"),
    [
        ("accepted", "in_progress", D, None, date(2026, 9, 13)),  # 90 days after the answer
        (
            "partly",
            "open",
            D,
            date(2026, 8, 1),
            date(2026, 10, 30),
        ),  # 90 days after the last update
        ("accepted", "implemented", D, None, None),  # follow-up has ended
        ("accepted", "not_implemented", D, None, None),
        ("rejected", "open", D, None, None),
        ("pending", "open", None, None, None),
    ],
)
def test_next_update_due_a_quarter_after_answer_or_update(
    answer, implementation, answered, last, expected
):
    assert rules.next_update_due(answer, implementation, answered, last) == expected


@pytest.mark.parametrize(
    ("status", "public", "accepts"),
    [
        ("planned", True, True),
        ("running", True, True),
        ("completed", True, False),
        ("paused", True, False),
        ("planned", False, False),
    ],
)
def test_accepts_suggestions_public_planned_or_running(status, public, accepts):
    assert rules.accepts_suggestions(status, public) is accepts


def test_scorecard_counts_answers_overdue_and_progress():
    rows = [
        ("accepted", D, "implemented", 100),
        ("partly", D, "in_progress", 40),
        ("rejected", D, "open", 0),
        ("pending", date(2026, 6, 1), "open", 0),  # overdue
        ("pending", date(2026, 7, 1), "open", 0),  # not yet due
    ]
    card = rules.scorecard(rows, D)
    assert (card.total, card.answered, card.accepted, card.partly, card.rejected) == (5, 3, 1, 1, 1)
    assert (card.pending, card.overdue, card.implemented) == (2, 1, 1)
    assert card.average_progress == 70  # of the two committed recommendations


def test_scorecard_empty_process_has_zeroes():
    card = rules.scorecard([], D)
    assert card.total == 0 and card.average_progress == 0


@pytest.mark.parametrize(
    ("result", "day", "expected"),
    [
        ("Beschlossen", date(2026, 11, 19), "accepted"),
        ("  unverändert   BESCHLOSSEN ", date(2026, 11, 19), "accepted"),
        ("Geändert beschlossen", date(2026, 11, 19), "partly"),
        ("Abgelehnt", date(2026, 11, 19), "rejected"),
        ("Zur Kenntnis genommen", date(2026, 11, 19), None),
        ("Vertagt", date(2026, 11, 19), None),
        ("", date(2026, 11, 19), None),
        ("Beschlossen", None, None),
        ("Beschlossen", date(2026, 12, 7), None),  # dated after today: not decided yet
    ],
)
def test_council_results_become_political_answers(result, day, expected):
    found = rules.council_answer(result, day, " Rat der Stadt ", " Text ", date(2026, 12, 6))
    assert (found.answer if found else None) == expected
    if found:
        assert (found.committee, found.rationale, found.answered_on) == (
            "Rat der Stadt",
            "Text",
            day,
        )


T = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("answer", "implementation", "progress", "day", "problem"),
    [
        ("pending", "open", 0, None, None),
        ("accepted", "in_progress", 30, T, None),
        ("partly", "implemented", 100, T, None),
        ("rejected", "not_implemented", 0, T, None),
        ("rejected", "open", 0, T, None),
        ("pending", "in_progress", 30, T, "no_answer_yet"),
        ("pending", "implemented", 100, T, "no_answer_yet"),
        ("rejected", "in_progress", 10, T, "rejected"),
        ("accepted", "implemented", 99, T, "implemented_means_complete"),
        ("accepted", "in_progress", 30, T + timedelta(days=1), "future_date"),
    ],
)
def test_the_follow_up_chain_holds_together(answer, implementation, progress, day, problem):
    assert rules.follow_up_problem(answer, implementation, progress, day, T) == problem
