"""LEXIMIN's committee program and column generation: every feasible one-seat swap best first,
and the same probabilities whichever way the algorithm goes. (Column generation runs where the
relaxation's lottery is not found, see test_relaxation.py; here it runs alone.)"""

import random

import numpy as np
import pytest

from office.sortition.rules import Quota, Respondent
from office.sortition.selection import engine
from office.sortition.selection.committee_program import CommitteeProgram, as_committee
from office.sortition.selection.grouping import group_respondents


@pytest.fixture(autouse=True)
def _column_generation_alone(monkeypatch):
    from office.sortition.selection import leximin

    monkeypatch.setattr(leximin, "RELAXATION_FIRST", False)


FEATURES = {"age": ["16-29", "30-64", "65+"], "education": ["low", "high"], "district": ["a", "b"]}


def _pool(seed: int):
    rng = random.Random(seed)
    pool = [
        Respondent(
            f"r{i:03d}",
            {name: rng.choice(cats) for name, cats in FEATURES.items()},
            # every fifth respondent shares a household with the one before
            f"h{i - 1}" if i % 5 == 1 else f"h{i}",
        )
        for i in range(60)
    ]
    quotas = [
        Quota("age", "16-29", 2, 4),
        Quota("age", "30-64", 3, 5),
        Quota("age", "65+", 2, 4),
        Quota("education", "low", 4, 6),
        Quota("education", "high", 4, 6),
        Quota("district", "a", 5, 5),
        Quota("district", "b", 5, 5),
    ]
    return pool, quotas


def _program(seed: int):
    pool, quotas = _pool(seed)
    features, people, columns = engine.build_pool(pool, quotas)
    names = list(features)
    grouping = group_respondents(
        {key: [data[name] for name in names] for key, data in people.items()},
        names,
        people.households(columns).values(),
    )
    return CommitteeProgram(grouping, features, 10), random.Random(seed)


def _brute_force(program, committee, weights, above):
    counts = np.zeros(program.size, dtype=int)
    for g, count in committee:
        counts[g] = count
    value = float(weights @ counts)
    found = []
    for a in np.flatnonzero(counts > 0):
        for b in range(program.size):
            if a == b:
                continue
            new = counts.copy()
            new[a] -= 1
            new[b] += 1
            if new[b] > program.capacity[b]:
                continue
            totals = program.rows @ new
            if not ((totals >= program.lower) & (totals <= program.upper)).all():
                continue
            gain = weights[b] - weights[a]
            if value + gain > above:
                found.append((-gain, as_committee(new)))
    found.sort(key=lambda item: item[0])
    return [committee for _gain, committee in found]


@pytest.mark.parametrize("seed", range(5))
def test_swaps_are_every_feasible_one_seat_change_above_the_value_best_first(seed):
    program, rng = _program(seed)
    for _ in range(10):
        weights = np.array([rng.random() for _ in range(program.size)])
        committee = program.best(weights)
        assert committee is not None
        value = sum(weights[g] * count for g, count in committee)
        above = value - rng.choice([0.0, 0.1, 0.5])
        expected = _brute_force(program, committee, weights, above)
        got = program.swaps(committee, weights, above, limit=10_000)
        # the same committees; ties in gain may come in another order
        assert sorted(got) == sorted(expected)
        gains = [sum(weights[g] * c for g, c in swap) - value for swap in got]
        assert gains == sorted(gains, reverse=True)
        # the limit keeps the best ones
        best = program.swaps(committee, weights, above, limit=3)
        assert best == got[:3]


@pytest.mark.parametrize("seed", range(8))
def test_the_result_does_not_depend_on_the_simplex_path(monkeypatch, seed):
    """The leximin probabilities are unique: a run whose unperturbed LP solves all stall and
    fall back to the perturbed simplex (another path through the same LPs) gives the same
    probabilities. (Fixing groups by an uncertified interior-point dual did not: seed 3.)"""
    from office.sortition.selection import stage_lp

    pool, quotas = _pool(seed)
    normal = engine.select(pool, quotas, 10, seed="s", household_rule=True)
    # no iteration allowed without perturbation: every warm solve "stalls" and falls back
    monkeypatch.setattr(stage_lp, "UNPERTURBED_ITERATIONS_PER_ROW", 0)
    fallback = engine.select(pool, quotas, 10, seed="s", household_rule=True)
    assert normal.stats["lp_restarts"] == 0
    assert (
        fallback.stats["lp_restarts"] > 0 or fallback.stats["lp_solves"] == fallback.stats["stages"]
    )
    for key, p in normal.probabilities.items():
        assert fallback.probabilities[key] == pytest.approx(p, abs=1e-6)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_the_speed_settings_do_not_change_the_probabilities(monkeypatch, seed):
    """Fewer initial committees, pricing that may stop short of the best committee and the
    extra committees per round only change the way to the leximin probabilities (they are
    unique), never the probabilities."""
    from office.sortition.selection import leximin

    pool, quotas = _pool(seed)
    fast = engine.compute(pool, quotas, 10, household_rule=True)
    monkeypatch.setattr(leximin, "PRICING_GAP", 0.0)
    monkeypatch.setattr(leximin, "DIVERSE", 0)
    plain = engine.compute(pool, quotas, 10, household_rule=True, initial_rounds=1)
    for key, p in plain.probabilities.items():
        assert fast.probabilities[key] == pytest.approx(p, abs=1e-6)
    assert fast.stats["committees"] != plain.stats["committees"]
