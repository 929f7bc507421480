"""LEXIMIN through the relaxation: the same probabilities as column generation where a lottery
reaches the relaxation's leximin point, and column generation where none does."""

import random

import pytest

from office.sortition import rules
from office.sortition.rules import Quota, Respondent
from office.sortition.selection import engine, leximin, verify

FEATURES = {
    "age": ["16-29", "30-44", "45-64", "65+"],
    "education": ["low", "medium", "high"],
    "district": ["a", "b", "c"],
    "migration": ["yes", "no"],
}


def _pool(seed: int, size: int = 120):
    """A skewed pool with four features and shared households; quotas around the shares."""
    rng = random.Random(seed)
    pool = [
        Respondent(
            f"r{i:03d}",
            {
                name: rng.choices(cats, range(len(cats), 0, -1))[0]
                for name, cats in FEATURES.items()
            },
            f"h{i - 1}" if i % 4 == 1 else f"h{i}",
        )
        for i in range(size)
    ]
    quotas = [
        q
        for name, cats in FEATURES.items()
        for q in rules.quotas_from_shares(name, dict.fromkeys(cats, 1 / len(cats)), 12, 1)
    ]
    return pool, quotas


@pytest.mark.parametrize(
    ("seed", "path"),
    [
        (0, "relaxation"),
        (1, "relaxation"),
        # the walk left the panels' hull on the way (the point itself is in it): column
        # generation completes the lottery from the panels the walk met
        (3, "relaxation, then column generation"),
        (8, "relaxation, then column generation"),
    ],
)
def test_the_relaxation_gives_the_column_generation_probabilities(monkeypatch, seed, path):
    pool, quotas = _pool(seed)
    fast = engine.compute(pool, quotas, 12, household_rule=True)
    monkeypatch.setattr(leximin, "RELAXATION_FIRST", False)
    plain = engine.compute(pool, quotas, 12, household_rule=True)
    assert fast.stats["path"] == path
    assert plain.stats["path"] == "column generation"
    for key, p in plain.probabilities.items():
        assert fast.probabilities[key] == pytest.approx(p, abs=1e-6)
    assert min(fast.probabilities.values()) > 0


def test_the_relaxations_lottery_is_one_the_public_can_check(monkeypatch):
    """Every panel of the lottery meets the quotas and the household rule, the probabilities
    add up to 1, and verify.py (the public's procedure) gives each respondent the chance that
    column generation computes."""
    pool, quotas = _pool(0)
    computed = engine.compute(pool, quotas, 12, household_rule=True)
    monkeypatch.setattr(leximin, "RELAXATION_FIRST", False)
    plain = engine.compute(pool, quotas, 12, household_rule=True)
    document = computed.document
    assert computed.stats["path"] == "relaxation"
    assert sum(c["probability"] for c in document["committees"]) == pytest.approx(1, abs=1e-12)
    by_key = {p.key: p for p in pool}
    for seed in ("one", "two", "three"):
        panel, reserves = verify.draw(document, seed, 3)
        assert rules.quota_violations(panel, by_key, quotas) == []
        assert rules.household_clashes(panel, by_key) == []
    public = verify.marginals(document)
    for key, p in plain.probabilities.items():
        assert public.get(key, 0.0) == pytest.approx(p, abs=1e-6)


def test_where_no_lottery_reaches_the_relaxations_point_column_generation_decides():
    """Three features, exactly one seat per category, two seats: only complementary pairs are
    panels, and 111 + 222 is the only one in this pool. The relaxation would give everyone at
    least a third (111 two thirds, the others a third); no lottery does, so the result is column
    generation's: 111 and 222 always, the others never."""
    kinds = ["111", "122", "212", "221", "222"]
    pool = [Respondent(f"p{kind}", {f"f{i}": kind[i] for i in range(3)}, None) for kind in kinds]
    quotas = [Quota(f"f{i}", v, 1, 1) for i in range(3) for v in "12"]
    computed = engine.compute(pool, quotas, 2)
    assert computed.stats["path"] == "column generation"
    assert computed.stats["face_steps"] >= 1
    assert computed.probabilities == pytest.approx(
        {"p111": 1.0, "p122": 0.0, "p212": 0.0, "p221": 0.0, "p222": 1.0}, abs=1e-9
    )


def test_a_point_that_is_a_panel_is_that_panel():
    """Two men and two women, at most two of each, two seats: the relaxation's point gives each
    a half, one man and one woman on average, which is itself a panel (and not the only one
    on its face: the walk must not put its weight on two men)."""
    pool = [Respondent(f"p{i}", {"sex": sex}, None) for i, sex in enumerate("mmff")]
    quotas = [Quota("sex", "m", 0, 2), Quota("sex", "f", 0, 2)]
    computed = engine.compute(pool, quotas, 2)
    assert computed.stats["path"] == "relaxation"
    assert computed.probabilities == pytest.approx(dict.fromkeys(["p0", "p1", "p2", "p3"], 0.5))


def test_the_relaxation_is_reproducible():
    pool, quotas = _pool(3)
    first = engine.compute(pool, quotas, 12, household_rule=True)
    again = engine.compute(list(reversed(pool)), quotas, 12, household_rule=True)
    assert first.document == again.document
