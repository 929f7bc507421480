"""The selection engine on tiny instances: our HiGHS LEXIMIN against an exact computation."""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from office.sortition import rules
from office.sortition.rules import Quota, Respondent
from office.sortition.selection import engine


def _instance(seed: int, n: int = 10, households: bool = False):
    rng = random.Random(seed)
    pool = []
    for i in range(n):
        features = {
            "gender": rng.choice(["f", "m"]),
            "age": rng.choices(["young", "old"], [1, 3])[0],
        }
        pool.append(Respondent(f"r{i:02d}", features, f"h{i // 2}" if households else None))
    quotas = [
        Quota("gender", "f", 1, 3),
        Quota("gender", "m", 1, 3),
        Quota("age", "young", 1, 2),
        Quota("age", "old", 2, 3),
    ]
    return pool, quotas


def _crowded_instance(seed: int, households: bool):
    """14 respondents in four kinds, most of them identical; two shared households."""
    rng = random.Random(seed)
    pool = []
    for i in range(14):
        features = {
            "gender": rng.choices(["f", "m"], [3, 1])[0],
            "age": rng.choices(["young", "old"], [1, 2])[0],
        }
        household = f"h{i // 2}" if households and i < 4 else None
        pool.append(Respondent(f"r{i:02d}", features, household))
    quotas = [
        Quota("gender", "f", 2, 4),
        Quota("gender", "m", 1, 3),
        Quota("age", "young", 1, 3),
        Quota("age", "old", 2, 4),
    ]
    return pool, quotas


def _feasible_committees(pool, quotas, size, households):
    by_key = {p.key: p for p in pool}
    out = []
    for combo in itertools.combinations(sorted(by_key), size):
        if rules.quota_violations(combo, by_key, quotas):
            continue
        if households and rules.household_clashes(combo, by_key):
            continue
        out.append(frozenset(combo))
    return out


def _exact_leximin(pool, committees):
    """Textbook leximin by enumeration: maximise the lowest unfixed probability, fix whoever
    cannot get more without lowering someone, repeat (every LP solved exactly by HiGHS)."""
    keys = sorted(p.key for p in pool)
    m = len(committees)
    member = np.array([[1.0 if k in c else 0.0 for c in committees] for k in keys])
    fixed: dict[int, float] = {}
    while len(fixed) < len(keys):
        free = [i for i in range(len(keys)) if i not in fixed]
        # variables: x_1..x_m, z ; maximise z
        cost = np.zeros(m + 1)
        cost[m] = -1
        a_ub, b_ub = [], []
        for i in free:
            a_ub.append(np.append(-member[i], 1.0))
            b_ub.append(0.0)
        for i, p in fixed.items():
            a_ub.append(np.append(-member[i], 0.0))
            b_ub.append(-p + 1e-9)
        eq = [np.append(np.ones(m), 0.0)]
        res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=eq, b_eq=[1], bounds=[(0, None)] * (m + 1))
        z = -res.fun
        for j in free:
            # can j get more than z while every other free agent keeps z?
            cost_j = np.append(-member[j], 0.0)
            rows = [np.append(-member[i], 0.0) for i in free if i != j]
            rhs = [-z + 1e-9 for i in free if i != j]
            rows += [np.append(-member[i], 0.0) for i in fixed]
            rhs += [-p + 1e-9 for p in fixed.values()]
            res_j = linprog(
                cost_j,
                A_ub=rows or None,
                b_ub=rhs or None,
                A_eq=eq,
                b_eq=[1],
                bounds=[(0, None)] * (m + 1),
            )
            if -res_j.fun <= z + 1e-7:
                fixed[j] = z
        if not any(j in fixed for j in free):  # pragma: no cover - leximin always fixes one
            raise AssertionError("no agent fixed")
    return {keys[i]: p for i, p in fixed.items()}


@pytest.mark.parametrize(("seed", "households"), [(1, False), (2, False), (3, True), (4, True)])
def test_leximin_on_highs_matches_exact_leximin(seed, households):
    pool, quotas = _instance(seed, households=households)
    committees = _feasible_committees(pool, quotas, 4, households)
    expected = _exact_leximin(pool, committees)
    outcome = engine.select(
        pool,
        quotas,
        4,
        algorithm="leximin",
        seed="s",
        household_rule=households,
        ilp_backend="highspy",
    )
    got = outcome.probabilities
    assert sorted(got.values()) == pytest.approx(sorted(expected.values()), abs=1e-4)
    for key in expected:
        assert got[key] == pytest.approx(expected[key], abs=1e-4)
    assert outcome.algorithm == "leximin"
    assert outcome.solver.startswith("HiGHS") and outcome.solver.endswith("(LP and committees)")


@pytest.mark.parametrize(("seed", "households"), [(11, False), (12, True), (13, True)])
def test_leximin_on_many_identical_respondents_matches_exact_leximin(seed, households):
    pool, quotas = _crowded_instance(seed, households)
    committees = _feasible_committees(pool, quotas, 5, households)
    expected = _exact_leximin(pool, committees)
    outcome = engine.select(
        pool, quotas, 5, seed="crowd", household_rule=households, reserve_size=4
    )
    for key in expected:
        assert outcome.probabilities[key] == pytest.approx(expected[key], abs=1e-4)
    by_key = {p.key: p for p in pool}
    assert rules.quota_violations(outcome.panel, by_key, quotas) == []
    assert not set(outcome.panel) & set(outcome.reserves)
    if households:
        assert rules.household_clashes(outcome.panel, by_key) == []
    assert outcome.stats["groups"] < len(pool)


@pytest.mark.parametrize("algorithm", ["leximin", "maximin", "nash"])
def test_every_result_meets_every_quota_and_probabilities_sum_to_panel(algorithm):
    pool, quotas = _instance(5, n=14, households=True)
    outcome = engine.select(
        pool,
        quotas,
        4,
        algorithm=algorithm,
        seed="quota check",
        household_rule=True,
        reserve_size=3,
    )
    by_key = {p.key: p for p in pool}
    assert rules.quota_violations(outcome.panel, by_key, quotas) == []
    assert rules.household_clashes(outcome.panel, by_key) == []
    assert sum(outcome.probabilities.values()) == pytest.approx(4, abs=1e-6)
    assert len(outcome.panel) == 4 and len(outcome.reserves) == 3
    assert not set(outcome.panel) & set(outcome.reserves)
    assert outcome.algorithm == algorithm


def test_same_seed_same_panel_other_seed_other_draws():
    pool, quotas = _instance(6, n=16)
    runs = [engine.select(pool, quotas, 4, seed="2026-11-21", reserve_size=4) for _ in range(2)]
    assert runs[0].panel == runs[1].panel and runs[0].reserves == runs[1].reserves
    others = {tuple(engine.select(pool, quotas, 4, seed=f"other {i}").panel) for i in range(4)}
    assert len(others | {tuple(runs[0].panel)}) > 1


def test_conflicting_quotas_are_explained_with_relaxations():
    pool, _quotas = _instance(7)
    # the per-feature sums are fine, but together they are not: 3 women, all young, 1 young seat
    pool = [
        Respondent("a", {"gender": "f", "age": "young"}),
        Respondent("b", {"gender": "f", "age": "young"}),
        Respondent("c", {"gender": "m", "age": "old"}),
        Respondent("d", {"gender": "m", "age": "old"}),
    ]
    quotas = [
        Quota("gender", "f", 2, 2),
        Quota("gender", "m", 0, 2),
        Quota("age", "young", 0, 1),
        Quota("age", "old", 0, 2),
    ]
    assert rules.quota_problems(quotas, pool, 2) == []
    with pytest.raises(engine.InfeasibleQuotas) as err:
        engine.select(pool, quotas, 2, seed="x")
    named = {(r.feature, r.category) for r in err.value.relaxations}
    assert named & {("gender", "f"), ("age", "young")}


def test_cancelling_from_progress_stops_the_run():
    pool, quotas = _instance(8, n=14)

    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction >= 0.1:  # once the leximin stages begin
            raise engine.Cancelled()

    with pytest.raises(engine.Cancelled):
        engine.select(pool, quotas, 4, seed="x", progress=progress)
    assert (
        len(seen) > 2 and max(seen) < 1.0
    )  # progress during the initial committees, stopped early
