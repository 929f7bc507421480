"""The rules of the lottery as tables: quotas from shares, feasibility, lotteries, replacement."""

import random
from collections import Counter

import pytest

from office.sortition import rules
from office.sortition.rules import Problem, Quota, Respondent


@pytest.mark.parametrize(
    ("shares", "panel", "expected"),
    [
        ({"a": 0.5, "b": 0.5}, 10, {"a": 5, "b": 5}),
        ({"a": 0.21, "b": 0.24, "c": 0.33, "d": 0.22}, 30, {"a": 6, "b": 7, "c": 10, "d": 7}),
        ({"a": 1, "b": 1, "c": 1}, 10, {"a": 4, "b": 3, "c": 3}),  # tie: by name
        ({"a": 70, "b": 30}, 3, {"a": 2, "b": 1}),  # counts work like shares
        ({"a": 0.0, "b": 1.0}, 5, {"a": 0, "b": 5}),
        ({"a": 0.0, "b": 0.0}, 5, {"a": 0, "b": 0}),
    ],
)
def test_seats_from_shares_are_proportional_and_add_up(shares, panel, expected):
    seats = rules.seats_from_shares(shares, panel)
    assert seats == expected
    if sum(shares.values()):
        assert sum(seats.values()) == panel


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [
        (0, [("young", 3, 3), ("old", 7, 7)]),
        (1, [("young", 2, 4), ("old", 6, 8)]),
        (5, [("young", 0, 8), ("old", 2, 10)]),  # never below 0 nor above the panel
    ],
)
def test_quotas_from_shares_allow_the_tolerance_either_way(tolerance, expected):
    quotas = rules.quotas_from_shares("age", {"young": 0.3, "old": 0.7}, 10, tolerance)
    assert [(q.category, q.minimum, q.maximum) for q in quotas] == expected


def _pool(spec):
    """spec: list of (key, {feature: category}, household)."""
    return [Respondent(k, f, h) for k, f, h in spec]


POOL = _pool(
    [
        ("1", {"g": "f", "a": "young"}, "h1"),
        ("2", {"g": "f", "a": "old"}, "h1"),
        ("3", {"g": "m", "a": "young"}, "h2"),
        ("4", {"g": "m", "a": "old"}, "h3"),
        ("5", {"g": "m", "a": "old"}, None),
    ]
)


@pytest.mark.parametrize(
    ("quotas", "panel", "expected"),
    [
        ([Quota("g", "f", 1, 2), Quota("g", "m", 1, 2)], 3, []),
        (
            [Quota("g", "f", 2, 2), Quota("g", "m", 2, 2)],
            3,
            [Problem("minimums_exceed_panel", "g", amount=1)],
        ),
        (
            [Quota("g", "f", 0, 1), Quota("g", "m", 0, 1)],
            3,
            [Problem("maximums_below_panel", "g", amount=1)],
        ),
        (
            [Quota("g", "f", 3, 3), Quota("g", "m", 0, 3)],
            3,
            [Problem("too_few_respondents", "g", "f", 1, 2)],
        ),
        (  # a category nobody is in, with a minimum
            [Quota("g", "f", 0, 3), Quota("g", "m", 0, 3), Quota("g", "x", 1, 1)],
            3,
            [Problem("too_few_respondents", "g", "x", 1, 0)],
        ),
        (
            [Quota("g", "f", 2, 1), Quota("g", "m", 0, 3)],
            3,
            [Problem("min_above_max", "g", "f", 1)],
        ),
    ],
)
def test_quota_problems_name_the_conflicting_categories(quotas, panel, expected):
    assert rules.quota_problems(quotas, POOL, panel) == expected


def test_lowest_probability_bound_is_the_tightest_category():
    quotas = [Quota("g", "f", 0, 1), Quota("g", "m", 0, 2)]
    # f: 1 seat for 2 people = 0.5; m: 2 seats for 3 = 0.67; overall 3/5 = 0.6
    assert rules.lowest_probability_bound(quotas, POOL, 3) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("panel", "broken"),
    [(["1", "3", "4"], []), (["3", "4", "5"], [("f", 0)]), (["1", "2", "3"], [("m", 1)])],
)
def test_quota_violations_report_the_seats_counted(panel, broken):
    quotas = [Quota("g", "f", 1, 2), Quota("g", "m", 2, 3)]
    by_key = {p.key: p for p in POOL}
    assert [(q.category, n) for q, n in rules.quota_violations(panel, by_key, quotas)] == broken


REGISTER = [(f"id{i:03d}", f"house{i // 3}") for i in range(60)]


def test_invitation_lottery_is_reproducible_with_a_seed_and_ignores_row_order():
    first = rules.invitation_lottery(REGISTER, 10, random.Random(42), False)
    shuffled = list(reversed(REGISTER))
    assert rules.invitation_lottery(shuffled, 10, random.Random(42), False) == first
    assert rules.invitation_lottery(REGISTER, 10, random.Random(43), False) != first
    assert len(set(first)) == 10


@pytest.mark.parametrize(
    ("count", "one_per_household", "expected"), [(20, True, 20), (25, True, 20), (25, False, 25)]
)
def test_invitation_lottery_draws_one_per_household_when_asked(count, one_per_household, expected):
    drawn = rules.invitation_lottery(REGISTER, count, random.Random(1), one_per_household)
    assert len(drawn) == expected
    households = [dict(REGISTER)[k] for k in drawn]
    if one_per_household:
        assert len(set(households)) == len(households)


@pytest.mark.parametrize(
    ("dropped", "reserves", "others", "household_rule", "expected"),
    [
        ("1", ["3", "2"], [], False, [("2", 0)]),  # 3 is on the panel already
        ("1", ["5"], ["2"], False, [("2", 0), ("5", 2)]),  # quota keepers first, then the rest
        ("4", ["2", "5"], [], True, [("5", 0)]),  # 2 shares household h1 with member 1
        ("4", ["2", "5"], [], False, [("2", 0), ("5", 0)]),  # reserves in their drawn order
        ("1", [], ["2"], True, [("2", 0)]),  # 1 left: household h1 is eligible again
    ],
)
def test_replacement_candidates_keep_quotas_first_then_break_the_fewest(
    dropped, reserves, others, household_rule, expected
):
    quotas = [Quota("g", "f", 1, 2), Quota("g", "m", 1, 2)]
    by_key = {p.key: p for p in POOL}
    found = rules.replacement_candidates(
        dropped,
        ["1", "3", "4"],
        {"reserve": reserves, "pool": others},
        by_key,
        quotas,
        household_rule,
    )
    assert [(c.key, len(c.broken)) for c in found] == expected


def test_a_candidate_that_breaks_a_quota_says_by_how_many_seats():
    quotas = [Quota("g", "f", 2, 2), Quota("g", "m", 1, 1)]
    by_key = {p.key: p for p in POOL}
    (candidate,) = rules.replacement_candidates(
        "2", ["1", "2", "3"], {"reserve": ["4"]}, by_key, quotas, False
    )
    assert candidate.broken == ((quotas[0], 1), (quotas[1], 2)) and candidate.seats_off == 2


def test_a_stratum_with_a_higher_weight_gets_more_invitations():
    register = [(f"id{i:03d}", f"house{i}", "north" if i % 2 else "south") for i in range(400)]
    stratum = dict((e[0], e[2]) for e in register)
    counts = Counter()
    for seed in range(20):
        drawn = rules.invitation_lottery(register, 40, random.Random(seed), False, {"north": 3.0})
        counts.update(stratum[k] for k in drawn)
    assert counts["north"] > 2 * counts["south"]
    zero = rules.invitation_lottery(register, 300, random.Random(1), False, {"south": 0})
    assert len(zero) == 200 and {stratum[k] for k in zero} == {"north"}


def test_response_table_counts_answers_and_the_rate_per_stratum():
    rows = [("a", True, "yes"), ("a", True, None), ("a", False, None), ("b", True, "no")]
    table = rules.response_table(rows)
    assert table["a"] == {
        "register": 3, "invited": 2, "none": 1, "yes": 1, "no": 0, "unreachable": 0,
        "withdrew": 0, "rate": 0.5,
    }  # fmt: skip
    assert table["b"]["rate"] == 0.0
