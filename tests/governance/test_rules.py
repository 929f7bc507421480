from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from office.governance import rules
from office.governance.rules import ProcedureRules, Tally, Term

SIMPLE = ProcedureRules()
TWO_THIRDS = ProcedureRules(majority="two_thirds")
ABSTAIN_AS_NO = ProcedureRules(abstentions="count_as_no")
CHAIR = ProcedureRules(tie="chair_decides")
ABSOLUTE = ProcedureRules(majority="absolute")


@pytest.mark.parametrize(
    ("eligible", "rule", "needed"),
    [
        (9, "more_than_half", 5),
        (8, "more_than_half", 5),
        (1, "more_than_half", 1),
        (8, "at_least_half", 4),
        (9, "at_least_half", 5),
        (9, "two_thirds", 6),
        (10, "two_thirds", 7),
        (0, "more_than_half", 1),
    ],
)
def test_quorum_needed_by_rule(eligible, rule, needed):
    assert rules.quorum_needed(eligible, rule) == needed


@pytest.mark.parametrize(
    ("eligible", "participating", "reached"),
    [(9, 4, False), (9, 5, True), (8, 4, False), (8, 5, True), (0, 0, False)],
)
def test_quorum_more_than_half_boundary(eligible, participating, reached):
    assert rules.quorum_reached(eligible, participating, "more_than_half") is reached


@pytest.mark.parametrize(
    ("t", "rule", "adopted"),
    [
        (Tally(3, 2, 0), SIMPLE, True),
        (Tally(3, 3, 0), SIMPLE, False),  # tie
        (Tally(0, 0, 5), SIMPLE, False),  # only abstentions
        (Tally(3, 2, 4), SIMPLE, True),  # abstentions not counted
        (Tally(3, 2, 1), ABSTAIN_AS_NO, False),  # 3 vs 3 -> tie -> rejected
        (Tally(4, 2, 1), ABSTAIN_AS_NO, True),
        (Tally(6, 3, 0), TWO_THIRDS, True),  # exactly two thirds
        (Tally(5, 3, 0), TWO_THIRDS, False),
        (Tally(6, 3, 5), TWO_THIRDS, True),
        (Tally(0, 0, 3), TWO_THIRDS, False),
        (Tally(5, 0, 0), ABSOLUTE, True),  # 5 of 9
        (Tally(4, 0, 3), ABSOLUTE, False),
    ],
)
def test_majority_at_the_boundaries(t, rule, adopted):
    assert rules.majority_reached(t, rule, eligible=9) is adopted


@pytest.mark.parametrize(("chair_vote", "adopted"), [("yes", True), ("no", False), (None, False)])
def test_tie_decided_by_chair_when_rules_say_so(chair_vote, adopted):
    assert rules.majority_reached(Tally(3, 3, 0), CHAIR, 9, chair_vote) is adopted


NINE = set(range(1, 10))


@pytest.mark.parametrize(
    ("conflicted", "votes", "key", "eligible"),
    [
        (set(), {1: "yes", 2: "yes", 3: "no", 4: "abstain", 5: "yes"}, "adopted", 9),
        (set(), {1: "yes", 2: "yes", 3: "no", 4: "no"}, "no_quorum", 9),
        # two conflicts: 7 eligible, 4 needed; the conflicted members' votes do not count
        ({8, 9}, {1: "yes", 2: "no", 3: "no", 4: "yes", 8: "yes", 9: "yes"}, "rejected", 7),
        ({8, 9}, {1: "yes", 2: "yes", 3: "no", 4: "yes"}, "adopted", 7),
        # member 42 is not in office: ignored
        (set(), {1: "yes", 2: "no", 3: "no", 4: "yes", 5: "abstain", 42: "yes"}, "rejected", 9),
    ],
)
def test_compute_outcome_written_procedure(conflicted, votes, key, eligible):
    outcome = rules.compute_outcome(NINE, conflicted, set(), votes, SIMPLE)
    assert outcome.key == key
    assert outcome.eligible == eligible


def test_compute_outcome_meeting_presence_counts_for_quorum():
    outcome = rules.compute_outcome(NINE, set(), {1, 2, 3, 4, 5}, {1: "yes", 2: "no"}, SIMPLE)
    assert outcome.quorum_reached and outcome.participating == 5
    assert outcome.key == "rejected"  # 1 : 1 tie


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), {1, 2}),
        (date(2026, 1, 1), {1, 3}),  # member 2's term ended the day before
        (date(2026, 6, 30), {1, 3}),
        (date(2024, 1, 1), set()),
    ],
)
def test_members_in_office_terms_expire(on, expected):
    terms = [
        Term(1, date(2025, 1, 1), None),
        Term(2, date(2025, 1, 1), date(2025, 12, 31)),
        Term(3, date(2026, 1, 1), date(2027, 12, 31)),
    ]
    assert rules.members_in_office(terms, on) == expected


def _version(day, quorum, majority):
    return SimpleNamespace(effective_from=day, quorum=quorum, majority=majority)


V1 = _version(date(2025, 1, 1), "more_than_half", "simple")
V2 = _version(date(2026, 3, 1), "two_thirds", "two_thirds")


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (date(2024, 12, 31), None),
        (date(2025, 1, 1), V1),
        (date(2026, 2, 28), V1),
        (date(2026, 3, 1), V2),
    ],
)
def test_rules_in_force_change_between_meetings(on, version):
    assert rules.rules_in_force([V2, V1], on) is version


def test_same_votes_decided_differently_under_rules_changed_between_meetings():
    votes = {1: "yes", 2: "yes", 3: "yes", 4: "yes", 5: "yes", 6: "no", 7: "no", 8: "no"}
    before = rules.compute_outcome(
        NINE, set(), set(), votes, ProcedureRules("more_than_half", "simple")
    )
    after = rules.compute_outcome(
        NINE, set(), set(), votes, ProcedureRules("two_thirds", "two_thirds")
    )
    assert before.key == "adopted" and after.key == "rejected"


NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("in_office", "conflicted", "deadline", "decided", "refusal"),
    [
        (True, False, datetime(2026, 11, 21, 12, 0, tzinfo=UTC), False, None),
        (True, False, datetime(2026, 11, 21, 11, 59, tzinfo=UTC), False, "deadline_passed"),
        (True, True, None, False, "conflict"),
        (False, False, None, False, "not_in_office"),
        (True, False, None, True, "decided"),
    ],
)
def test_vote_refusal(in_office, conflicted, deadline, decided, refusal):
    assert rules.vote_refusal(in_office, conflicted, deadline, NOW, decided) == refusal


def test_a_meeting_that_has_not_begun_takes_no_votes():
    start = datetime(2026, 12, 27, 17, tzinfo=UTC)
    before, after = start - timedelta(seconds=1), start
    assert rules.not_begun(start, before) and not rules.not_begun(start, after)
    assert not rules.not_begun(None, before)
    kwargs = {"in_office_on_day": True, "conflicted": False, "deadline": None, "decided": False}
    assert rules.vote_refusal(**kwargs, now=before, meeting_start=start) == "not_begun"
    assert rules.vote_refusal(**kwargs, now=after, meeting_start=start) is None
