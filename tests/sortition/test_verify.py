"""The public's draw procedure (selection/verify.py), as pure functions."""

from collections import Counter

import pytest

from office.sortition.selection import verify

#: six people on their own; three panel compositions of three
DISTRIBUTION = {
    "panel_size": 3,
    "groups": [{"makeup": i, "households": [[key]]} for i, key in enumerate("abcdef")],
    "committees": [
        {"probability": 0.2, "counts": [[0, 1], [1, 1], [2, 1]]},
        {"probability": 0.5, "counts": [[2, 1], [3, 1], [4, 1]]},
        {"probability": 0.3, "counts": [[0, 1], [4, 1], [5, 1]]},
    ],
}


def test_draw_with_the_same_seed_gives_the_same_panel_and_disjoint_reserves():
    one = verify.draw(DISTRIBUTION, "Lotto 6 12 19 23 41 48", 3)
    assert one == verify.draw(DISTRIBUTION, "Lotto 6 12 19 23 41 48", 3)
    panel, reserves = one
    assert len(panel) == 3 and len(reserves) == 3 and not set(panel) & set(reserves)


def test_draw_picks_compositions_with_their_published_probabilities():
    seen = Counter(tuple(verify.draw(DISTRIBUTION, f"seed {i}", 0)[0]) for i in range(3000))
    assert seen[("a", "b", "c")] / 3000 == pytest.approx(0.2, abs=0.03)
    assert seen[("c", "d", "e")] / 3000 == pytest.approx(0.5, abs=0.03)


def test_marginals_are_the_chances_of_a_seat():
    chances = verify.marginals(DISTRIBUTION)
    assert chances["a"] == pytest.approx(0.5) and chances["c"] == pytest.approx(0.7)
    assert sum(chances.values()) == pytest.approx(3)


@pytest.mark.parametrize(
    ("quota", "problem"),
    [
        ({"feature": "g", "value": "x", "min": 1, "max": 3}, None),
        ({"feature": "g", "value": "x", "min": 2, "max": 3}, "composition 2: g/x has 1 seats"),
    ],
)
def test_committee_problems_name_a_composition_that_breaks_a_quota(quota, problem):
    pool = {
        key: {"household": key, "features": {"g": "x" if key in "abd" else "y"}} for key in "abcdef"
    }
    problems = verify.committee_problems(DISTRIBUTION, pool, [quota], True)
    assert (problems[0] if problems else None) == problem
