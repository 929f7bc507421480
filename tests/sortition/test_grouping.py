"""Groups of interchangeable respondents and drawing a panel from counts per group."""

import random
from collections import Counter

import pytest

from office.sortition.selection import verify
from office.sortition.selection.grouping import group_respondents

CATEGORIES = {
    "a1": ("f", "young"),
    "a2": ("f", "young"),
    "a3": ("F", "Young"),  # the same categories, other spelling
    "b1": ("m", "old"),
    "c1": ("f", "young"),  # lives with d1
    "d1": ("m", "old"),
    "c2": ("f", "young"),  # lives with d2: the same make-up as c1 + d1
    "d2": ("m", "old"),
    "e1": ("m", "old"),  # lives with e2, both the same categories
    "e2": ("m", "old"),
}
HOUSEHOLDS = [("c1", "d1"), ("d2", "c2"), ("e1", "e2")]


def _by_members(grouping):
    return {frozenset(grouping.members(g)): g for g in range(len(grouping.groups))}


def test_group_respondents_without_household_rule_groups_by_categories_only():
    grouping = group_respondents(CATEGORIES, ["gender", "age"])
    groups = _by_members(grouping)
    assert set(groups) == {
        frozenset({"a1", "a2", "a3", "c1", "c2"}),
        frozenset({"b1", "d1", "d2", "e1", "e2"}),
    }
    assert all(group.capacity == group.size == 5 for group in grouping.groups)
    assert grouping.shared == ()


def test_group_respondents_with_household_rule_groups_households_of_the_same_makeup():
    grouping = group_respondents(CATEGORIES, ["gender", "age"], HOUSEHOLDS)
    groups = _by_members(grouping)
    assert set(groups) == {
        frozenset({"a1", "a2", "a3"}),  # alone in their household
        frozenset({"b1"}),
        frozenset({"c1", "c2"}),  # the f/young members of two f/young + m/old households
        frozenset({"d1", "d2"}),
        frozenset({"e1", "e2"}),  # one household of two m/old: at most one seat
    }
    sizes = {members: grouping.groups[g].capacity for members, g in groups.items()}
    assert sizes[frozenset({"c1", "c2"})] == 2 and sizes[frozenset({"e1", "e2"})] == 1
    shared = {frozenset(s) for s in grouping.shared}
    assert shared == {frozenset({groups[frozenset({"c1", "c2"})], groups[frozenset({"d1", "d2"})]})}


def test_group_respondents_does_not_depend_on_input_order():
    reordered = dict(reversed(list(CATEGORIES.items())))
    one = group_respondents(CATEGORIES, ["gender", "age"], HOUSEHOLDS)
    two = group_respondents(reordered, ["gender", "age"], list(reversed(HOUSEHOLDS)))
    assert one == two


def test_realize_gives_every_member_count_over_size_and_keeps_households_apart():
    grouping = group_respondents(CATEGORIES, ["gender", "age"], HOUSEHOLDS)
    groups = _by_members(grouping)
    cd_f, cd_m = groups[frozenset({"c1", "c2"})], groups[frozenset({"d1", "d2"})]
    alone = groups[frozenset({"a1", "a2", "a3"})]
    committee = tuple(sorted([(alone, 2), (cd_f, 1), (cd_m, 1)]))
    rng = random.Random(1)
    draws = 6000
    seen: Counter = Counter()
    for _ in range(draws):
        panel = verify.realize(grouping.published(), committee, rng)
        assert len(panel) == 4
        assert not ({"c1", "d1"} <= panel or {"c2", "d2"} <= panel)
        seen.update(panel)
    for key in ("a1", "a2", "a3"):
        assert seen[key] / draws == pytest.approx(2 / 3, abs=0.03)
    for key in ("c1", "c2", "d1", "d2"):
        assert seen[key] / draws == pytest.approx(1 / 2, abs=0.03)


def test_realize_with_the_same_seed_draws_the_same_panel():
    grouping = group_respondents(CATEGORIES, ["gender", "age"])
    committee = ((0, 2), (1, 3))
    groups = grouping.published()
    panels = {verify.realize(groups, committee, random.Random(42)) for _ in range(3)}
    assert len(panels) == 1
