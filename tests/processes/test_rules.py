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


# --- drafts, comment period, the assembly's vote ---------------------------------------------

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("current", "target", "opens", "closes", "public", "problem"),
    [
        ("draft", "open_for_comment", D, D + 14 * DAY, True, None),
        ("draft", "open_for_comment", D - 3 * DAY, D, True, None),  # the last day is today
        ("draft", "open_for_comment", D + DAY, D + 14 * DAY, True, None),  # starts tomorrow
        ("draft", "open_for_comment", None, D + 14 * DAY, True, "period_missing"),
        ("draft", "open_for_comment", D, None, True, "period_missing"),
        ("draft", "open_for_comment", D, D - DAY, True, "period_reversed"),
        ("draft", "open_for_comment", D - 9 * DAY, D - DAY, True, "period_past"),
        ("draft", "open_for_comment", D, D + 14 * DAY, False, "process_not_public"),
        ("draft", "final", None, None, True, None),  # a comment period is optional
        ("draft", "draft", None, None, True, "same_stage"),
        ("draft", "adopted", None, None, True, "same_stage"),
        ("open_for_comment", "final", D - 14 * DAY, D - DAY, True, None),  # period over
        ("open_for_comment", "final", D - 14 * DAY, D, True, "comment_period_running"),
        ("open_for_comment", "draft", D - 14 * DAY, D, True, None),  # taken back
        ("final", "draft", None, None, True, "already_final"),
        ("final", "open_for_comment", D, D + DAY, True, "already_final"),
    ],
)
def test_stage_change_problem_draft_open_final(current, target, opens, closes, public, problem):
    assert rules.stage_change_problem(current, target, D, opens, closes, public) == problem


@pytest.mark.parametrize(
    ("stage", "opens", "closes", "accepts"),
    [
        ("open_for_comment", D, D, True),  # one-day period
        ("open_for_comment", D - DAY, D + DAY, True),
        ("open_for_comment", D + DAY, D + 9 * DAY, False),  # not yet
        ("open_for_comment", D - 9 * DAY, D - DAY, False),  # over
        ("open_for_comment", None, None, False),
        ("draft", D - DAY, D + DAY, False),
        ("final", D - DAY, D + DAY, False),
    ],
)
def test_accepts_comments_only_open_and_within_period(stage, opens, closes, accepts):
    assert rules.accepts_comments(stage, opens, closes, D) is accepts


@pytest.mark.parametrize(
    ("votes", "panel", "problem"),
    [
        ((20, 7, 3), 30, None),  # the whole panel voted
        ((20, 7, 3), None, None),  # no selection to compare with
        ((1, 0, 0), 30, None),
        ((21, 7, 3), 30, "more_than_panel"),
        ((0, 0, 0), 30, "no_votes"),
        ((20, -1, 3), 30, "not_counts"),
        ((20, None, 3), 30, "not_counts"),
        ((20, 7.5, 3), 30, "not_counts"),
        ((True, 7, 3), 30, "not_counts"),
    ],
)
def test_support_problem_votes_add_up(votes, panel, problem):
    assert rules.support_problem(*votes, panel) == problem


@pytest.mark.parametrize(
    ("supporters", "against", "abstained", "problem"),
    [
        (7, 7, 3, None),
        (10, 7, 3, None),  # against and abstentions together
        (11, 7, 3, "more_than_dissent"),
        (1, 0, 1, None),
        (0, 7, 3, "supporters_not_count"),
        (None, 7, 3, "supporters_not_count"),
        (3, None, None, "no_vote_recorded"),
    ],
)
def test_minority_problem_supporters_within_dissent(supporters, against, abstained, problem):
    assert rules.minority_problem(supporters, against, abstained) == problem


@pytest.mark.parametrize(
    ("closes", "expired"),
    [
        (D - 90 * DAY, False),  # the 90th day after the period is the last one kept
        (D - 91 * DAY, True),
        (None, False),
    ],
)
def test_comment_author_expired_after_retention(closes, expired):
    assert rules.comment_author_expired(closes, D) is expired
