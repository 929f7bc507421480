"""LEXIMIN on open-source solvers: the column-generation algorithm of Flanigan et al. (2021).

The algorithm is the one in `sortition_algorithms.committee_generation.leximin` (GPL-3.0, the
Sortition Foundation's library), whose linear programs need Gurobi. Here every program runs on
HiGHS (`highspy`), on groups of interchangeable respondents (`office.sortition.selection.grouping`):
respondents with the same categories (and, under the household rule, households of the same
make-up) always get the same leximin probability, so the linear programs need one variable per
group and a committee is a count per group. The pool and quota model and the explanation of
infeasible quotas are the library's.

Outer loop: maximise the lowest probability among the groups whose probability is not yet
fixed, subject to the fixed ones; fix every group whose dual weight is positive (they are
tight in every optimal solution) and repeat until every group is fixed.

Inner loop (column generation): the stage LP ranges only over the committees found so far;
the committee integer program (counts per group, HiGHS) finds the committee that its dual
prices value most; when none is worth more than the LP's cap, the stage is optimal.

Speed, measured with `bench/sortition.py` (see docs/sortition.md):
- groups instead of respondents: fewer LP rows, and committee integer programs with a few
  hundred integer counts instead of one binary per respondent; the program's linear relaxation
  is tried first (often integral);
- one HiGHS model for the whole run, in primal form: committees are columns, so the basis has
  one row per group however many committees there are, and fixing a group changes one
  coefficient and one bound; every solve is warm-started from the last basis (primal simplex,
  without bound perturbation, which otherwise costs thousands of clean-up iterations);
- more columns per solve: with the committee the prices value most come its best one-seat swaps,
  and the best one-seat swap of each of the most likely committees of the current solution;
- whom to fix comes from the simplex dual that the last pricing round certified (an earlier
  version took a strictly complementary dual from the interior-point method to fix more groups
  per stage; that dual was not certified by pricing and its small spurious weights fixed groups
  too early on some pools, see docs/sortition.md).
"""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
from sortition_algorithms import errors as sa_errors
from sortition_algorithms.committee_generation.common import setup_committee_generation
from sortition_algorithms.features import iterate_feature_collection

from office.sortition.selection.grouping import Committee, Grouping, group_respondents

#: one debug line per stage LP (`bench.sortition --trace`)
log = logging.getLogger(__name__)

#: weights below this count as zero when deciding which groups to fix
FIX_EPS = 1e-7
#: a stage has converged when no committee violates the dual by more than this; the library
#: uses 5e-4, which leaves the probabilities up to about 1e-3 off the exact leximin
EPS = 1e-5
#: the committee integer program stops within this much of the best committee's value
ILP_ABS_GAP = 1e-7
#: committees one seat away from the best one, added with it after each LP solve
SWAPS_PER_ROUND = 10
#: ... and the best one-seat swap of each of this many committees of the current solution
#: (those with the largest probability): new columns where the distribution already is
SUPPORT_SWAPS = 20
#: a warm-started stage LP runs the primal simplex without bound perturbation (measured on the
#: 1,000-respondent case: 17 instead of 2,546 iterations for the same new columns); should it
#: stall, it stops after this many iterations per row and runs again with perturbation
UNPERTURBED_ITERATIONS_PER_ROW = 5
#: multiplicative-weights rounds for the initial committees, per group (the library: 3 per
#: respondent); see docs/sortition.md for the measurements
INITIAL_ROUNDS_PER_GROUP = 1


class Cancelled(Exception):  # noqa: N818 - reads as "the run was cancelled"
    """The caller asked to stop (raised from the progress callback)."""


@dataclass
class LeximinStats:
    respondents: int = 0
    groups: int = 0
    stages: int = 0
    lp_solves: int = 0
    #: committee programs solved after the initial committees (pricing) ...
    ilp_solves: int = 0
    #: ... and how many of all committee programs needed branch and bound
    branch_and_bound: int = 0
    committees: int = 0
    relaxations: int = 0
    setup_seconds: float = 0.0
    initial_seconds: float = 0.0
    lp_seconds: float = 0.0
    ilp_seconds: float = 0.0
    #: unperturbed stage LP solves that stalled and ran again with perturbation
    lp_restarts: int = 0


@dataclass
class LeximinDistribution:
    """Committees as counts per group, their probabilities, and each group's probability."""

    grouping: Grouping
    committees: list[Committee]
    probabilities: list[float]

    def group_probabilities(self) -> list[float]:
        sizes = [group.size for group in self.grouping.groups]
        out = [0.0] * len(sizes)
        for committee, p in zip(self.committees, self.probabilities, strict=True):
            for g, count in committee:
                out[g] += p * count / sizes[g]
        return out

    def marginals(self) -> dict[str, float]:
        """Every respondent's probability of a seat."""
        return {
            key: p
            for g, p in enumerate(self.group_probabilities())
            for key in self.grouping.members(g)
        }


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    # presolve would throw away the basis that warm-starts the next solve (and costs more than
    # it saves on the small committee programs)
    h.setOptionValue("presolve", "off")
    return h


class _CommitteeProgram:
    """The committee integer program on counts per group (HiGHS).

    maximise  Σ_g w_g c_g
    s.t.      Σ_g c_g = panel size
              minimum ≤ Σ_{g in category} c_g ≤ maximum     for every quota
              Σ_{g sharing households} c_g ≤ households       (household rule)
              c_g ∈ {0, …, capacity_g}

    Its linear relaxation is solved first (warm-started, about a millisecond): when its optimum
    is integral it is the committee, and when its bound is below the value asked for no
    committee reaches it; only otherwise does branch and bound run.
    """

    def __init__(self, grouping: Grouping, features, panel_size: int):
        groups = grouping.groups
        self.size = len(groups)
        self.columns = np.arange(self.size, dtype=np.int32)
        self.mip = _highs()
        self.relaxation = _highs()
        for h in (self.mip, self.relaxation):
            h.addVars(self.size, np.zeros(self.size), np.array([g.capacity for g in groups], float))
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.mip.changeColsIntegrality(
            self.size, self.columns, np.full(self.size, highspy.HighsVarType.kInteger)
        )
        self.mip.setOptionValue("mip_rel_gap", 0.0)
        self.mip.setOptionValue("mip_abs_gap", ILP_ABS_GAP)
        # the committee programs are small; these two heuristics took half of each solve
        self.mip.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        self.mip.setOptionValue("mip_heuristic_run_root_reduced_cost", False)
        self.rows: list = []
        self.lower: list = []
        self.upper: list = []
        self._row(panel_size, panel_size, self.columns)
        names = [name.lower() for name in grouping.features]
        for feature, category, quota in iterate_feature_collection(features):
            f = names.index(feature.lower())
            members = [
                g for g, group in enumerate(groups) if group.categories[f] == category.lower()
            ]
            self._row(quota.min, quota.max, np.array(members, dtype=np.int32))
        for shared in grouping.shared:
            households = groups[shared[0]].capacity
            self._row(-highspy.kHighsInf, households, np.array(shared, dtype=np.int32))
        self.mip_solves = 0
        self.rows = np.array(self.rows, dtype=float)
        self.lower = np.array(self.lower)
        self.upper = np.array(self.upper)
        self.capacity = np.array([g.capacity for g in groups])

    def _row(self, lower, upper, columns) -> None:
        membership = np.zeros(self.size, dtype=np.int32)
        membership[columns] = 1
        self.rows.append(membership)
        self.lower.append(lower)
        self.upper.append(upper)
        for h in (self.mip, self.relaxation):
            h.addRow(float(lower), float(upper), len(columns), columns, np.ones(len(columns)))

    def best(self, weights: np.ndarray, above: float | None = None) -> Committee | None:
        """The committee with the largest Σ w_g c_g; None if no committee meets the quotas or
        (when `above` is given) none has a value above it."""
        weights = np.asarray(weights, dtype=float)
        h = self.relaxation
        h.changeColsCost(self.size, self.columns, weights)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            if above is not None and h.getInfo().objective_function_value <= above:
                return None
            values = np.array(h.getSolution().col_value)
            if np.abs(values - np.rint(values)).max() < 1e-6:
                return self._committee(values)
        h = self.mip
        h.changeColsCost(self.size, self.columns, weights)
        h.run()
        self.mip_solves += 1
        status = h.getModelStatus()
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise sa_errors.SelectionError(f"committee integer program: {status}")
        return self._committee(np.array(h.getSolution().col_value))

    def swaps(self, committee: Committee, weights: np.ndarray, above: float, limit: int):
        """Up to `limit` committees one seat away from `committee` (one member of a group
        replaced by one of another) that meet every constraint and have a value above `above`,
        best first: more columns from the same prices, for the price of one LP solve."""
        counts = np.zeros(self.size, dtype=np.int64)
        for g, count in committee:
            counts[g] = count
        value = float(weights @ counts)
        seated = np.flatnonzero(counts > 0)
        gain = weights[None, :] - weights[seated, None]  # seated a -> b
        gain[np.arange(len(seated)), seated] = -np.inf  # no change
        gain[:, counts >= self.capacity] = -np.inf
        gain[value + gain <= above] = -np.inf
        # a swap changes a constraint's count by -1, 0 or +1: only the constraints at their
        # maximum (b may not be in one a is not in) and at their minimum (a may not be in one
        # b is not in) can be broken
        totals = self.rows @ counts
        for tight, outgoing in (
            (self.rows[totals >= self.upper], False),
            (self.rows[totals <= self.lower], True),
        ):
            if len(tight):
                both = tight[:, seated].T @ tight  # constraints a and b are both in
                alone = tight[:, seated].sum(axis=0)[:, None] if outgoing else tight.sum(axis=0)
                gain[alone - both > 0.5] = -np.inf
        candidates = np.argwhere(np.isfinite(gain))
        if not len(candidates):
            return []
        order = np.argsort(-gain[candidates[:, 0], candidates[:, 1]], kind="stable")[:limit]
        chosen = candidates[order]
        out = []
        for i, j in chosen:
            new = counts.copy()
            new[seated[i]] -= 1
            new[j] += 1
            out.append(self._committee(new))
        return out

    @staticmethod
    def _committee(values: np.ndarray) -> Committee:
        counts = np.rint(values).astype(int)
        return tuple((int(g), int(counts[g])) for g in np.flatnonzero(counts > 0))


class _StageLP:
    """The leximin stage LP over the known committees, in one warm-started HiGHS model.

    maximise  z
    s.t.      Σ_P x_P = 1
              Σ_P (c_g(P) / size_g) x_P - z ≥ 0       for every group g not fixed
              Σ_P (c_g(P) / size_g) x_P ≥ p_g         for every fixed group g
              x, z ≥ 0
    Column 0 is z, column 1 + j committee j; row 0 is Σ x = 1, row 1 + g is group g.
    New committees are new columns and fixing a group changes one coefficient and one bound,
    so every solve starts from the last basis, whose size is the number of groups however
    many committees there are. The row duals are the weights y_g of the dual LP (the
    library's formulation): Σ_{g not fixed} y_g = 1, and a committee improves the stage when
    Σ_g (c_g / size_g) y_g exceeds the dual of row 0 (its "cap").
    """

    def __init__(self, sizes: np.ndarray):
        n = self.n = len(sizes)
        self.sizes = sizes
        inf = highspy.kHighsInf
        h = self.h = _highs()
        # a new committee is a new column: the last basis stays primal feasible (measured:
        # 41 ms per solve against 139 ms with HiGHS's choice, the dual simplex)
        h.setOptionValue("simplex_strategy", 4)
        h.addVar(0.0, inf)
        h.changeColCost(0, -1.0)  # HiGHS minimises: -z
        h.addRow(1.0, 1.0, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        for _g in range(n):
            h.addRow(0.0, inf, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
        self.columns = 0
        #: solved once (the basis is warm); unperturbed solves that stalled
        self.solved = False
        self.restarts = 0

    def add_committees(self, committees: list[Committee]) -> None:
        if not committees:
            return
        starts, index, value = [], [], []
        for committee in committees:
            starts.append(len(index))
            index.append(0)
            value.append(1.0)
            for g, count in committee:
                index.append(1 + g)
                value.append(count / self.sizes[g])
        k = len(committees)
        self.h.addCols(
            k,
            np.zeros(k),
            np.zeros(k),
            np.full(k, highspy.kHighsInf),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value),
        )
        self.columns += k

    def fix(self, fixed: dict[int, float]) -> None:
        """Require the fixed probabilities instead of z for the fixed groups."""
        for g, p in fixed.items():
            self.h.changeCoeff(1 + g, 0, 0.0)
            self.h.changeRowBounds(1 + g, p, highspy.kHighsInf)

    def solve(self) -> bool:
        """Primal simplex, warm-started from the last basis (unperturbed first, see above)."""
        h = self.h
        if self.solved:
            h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 0.0)
            h.setOptionValue(
                "simplex_iteration_limit", UNPERTURBED_ITERATIONS_PER_ROW * (self.n + 1)
            )
            h.run()
            h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 1.0)
            h.setOptionValue("simplex_iteration_limit", highspy.kHighsIInf)
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                return True
            if status == highspy.HighsModelStatus.kIterationLimit:
                self.restarts += 1
        h.run()
        self.solved = True
        return h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def support_swaps(self, program, committees, weights, above, known) -> list[Committee]:
        """The best one-seat swap of each of the SUPPORT_SWAPS most likely committees of the
        current solution, where it has a value above `above` and is not known yet."""
        x = np.array(self.h.getSolution().col_value)[1:]
        out: dict[Committee, None] = {}
        for j in np.argsort(-x, kind="stable")[:SUPPORT_SWAPS]:
            if x[j] <= 1e-9:
                break
            for committee in program.swaps(committees[j], weights, above, 1):
                if committee not in known:
                    out[committee] = None
        return list(out)

    def solution(self) -> tuple[np.ndarray, float, float]:
        """Weights y per group, the cap (the dual of Σ x = 1) and the lowest unfixed probability."""
        solution = self.h.getSolution()
        duals = np.array(solution.row_dual)
        return duals[1:], float(-duals[0]), float(solution.col_value[0])


def _initial_committees(
    program: _CommitteeProgram, sizes: np.ndarray, rounds: int, rng: random.Random, report
) -> list[Committee]:
    """A diverse start: multiplicative weights (as the library, per group), then one committee
    for every group no committee has seated yet, if there is one."""
    n = len(sizes)
    # weight of one member of each group; members on a new committee lose weight
    weights = np.array([rng.uniform(0.99, 1.0) for _ in range(n)])
    found: dict[Committee, None] = {}
    for r in range(rounds):
        committee = program.best(weights)
        if committee is None:
            break
        if committee in found:
            weights = 0.9 * weights + 0.1
        else:
            found[committee] = None
            for g, count in committee:
                weights[g] *= 1 - 0.2 * count / sizes[g]
        weights *= n / weights.sum()
        report(0.02 + 0.08 * (r + 1) / rounds, f"initial committees {r + 1}/{rounds}")
    seated = {g for committee in found for g, _count in committee}
    for g in range(n):
        if g not in seated:
            target = np.zeros(n)
            target[g] = 1.0
            committee = program.best(target)
            if committee is not None and any(h == g for h, _c in committee):
                found[committee] = None
                seated.update(h for h, _c in committee)
    return list(found)


def find_distribution_leximin_highs(
    features,
    people,
    panel_size: int,
    household_columns: list[str],
    progress: Callable[[float, str], None] | None = None,
    stats: LeximinStats | None = None,
    initial_rounds: int | None = None,
    seed: int = 0,
) -> LeximinDistribution:
    """LEXIMIN distribution over committees, every program on HiGHS; raises Cancelled if asked.

    Raises the library's InfeasibleQuotasError (with suggested relaxations) when no committee
    meets the quotas.
    """
    stats = stats if stats is not None else LeximinStats()
    report = progress or (lambda fraction, message: None)
    setup_started = time.perf_counter()
    names = list(features)
    grouping = group_respondents(
        {key: [data[name] for name in names] for key, data in people.items()},
        names,
        people.households(household_columns).values() if household_columns else None,
    )
    program = _CommitteeProgram(grouping, features, panel_size)
    sizes = np.array([group.size for group in grouping.groups], dtype=float)
    n = len(sizes)
    stats.respondents, stats.groups = sum(group.size for group in grouping.groups), n
    if program.best(np.ones(n)) is None:
        # the library's model explains which quotas to relax (and raises)
        setup_committee_generation(features, people, panel_size, household_columns, "highspy")
        raise sa_errors.SelectionError("no committee meets the quotas")
    stats.setup_seconds = time.perf_counter() - setup_started
    report(0.02, "initial committees")
    started = time.perf_counter()
    rounds = initial_rounds if initial_rounds is not None else INITIAL_ROUNDS_PER_GROUP * n
    rng = random.Random(seed)  # noqa: S311 - reproducible from the published seed on purpose
    committee_list = _initial_committees(program, sizes, rounds, rng, report)
    stats.initial_seconds = time.perf_counter() - started
    known = set(committee_list)
    stage = _StageLP(sizes)
    stage.add_committees(committee_list)
    fixed: dict[int, float] = {}
    report(0.1, "leximin")

    step = 1e-7
    while len(fixed) < n:
        stats.stages += 1
        stage.fix(fixed)
        while True:
            stats.lp_solves += 1
            t0 = time.perf_counter()
            solved = stage.solve()
            stats.lp_seconds += time.perf_counter() - t0
            if solved:
                step = 1e-7
            else:
                # rounding can make the fixed probabilities slightly infeasible: relax them
                # by as little as needed (the library relaxes by 1e-4 at once)
                stats.relaxations += 1
                fixed = {g: max(0.0, p - step) for g, p in fixed.items()}
                step *= 10
                stage.fix(fixed)
                continue
            weights, cap, objective = stage.solution()
            price = weights / sizes
            t0 = time.perf_counter()
            new = program.best(price, above=cap + EPS)
            stats.ilp_seconds += time.perf_counter() - t0
            stats.ilp_solves += 1
            gap = sum(price[g] * count for g, count in new) - cap if new is not None else 0.0
            log.debug(
                "stage %d, %d/%d fixed, LP %d: lowest %.6f, gap %.2e, %d columns, %d iterations",
                stats.stages,
                len(fixed),
                n,
                stats.lp_solves,
                objective,
                gap,
                stage.columns,
                stage.h.getInfo().simplex_iteration_count,
            )
            if gap <= EPS:
                break
            if new in known:  # a known committee: numerically tied
                break
            batch = [new] + [
                c for c in program.swaps(new, price, cap + EPS, SWAPS_PER_ROUND) if c not in known
            ]
            batch += [
                c
                for c in stage.support_swaps(program, committee_list, price, cap + EPS, known)
                if c not in batch
            ]
            known.update(batch)
            committee_list.extend(batch)
            stage.add_committees(batch)
            report(0.1 + 0.85 * len(fixed) / n, f"{len(fixed)}/{n}")
        # fix the groups with a positive weight in the simplex dual that the last pricing
        # certified (no committee violates it): they are tight in every optimal distribution;
        # the value they are fixed at is the simplex optimum, which the known committees achieve
        newly = [g for g in range(n) if g not in fixed and weights[g] > FIX_EPS]
        if not newly:  # cannot happen for an optimal dual (Σ y = 1), but never loop forever
            newly = [g for g in range(n) if g not in fixed]
        for g in newly:
            fixed[g] = max(0.0, objective)
        report(0.1 + 0.85 * len(fixed) / n, f"{len(fixed)}/{n}")

    stats.committees = len(committee_list)
    stats.lp_restarts = stage.restarts
    stats.branch_and_bound = program.mip_solves
    t0 = time.perf_counter()
    probabilities = _primal_distribution(committee_list, [fixed[g] for g in range(n)], sizes)
    stats.lp_seconds += time.perf_counter() - t0
    return LeximinDistribution(grouping, committee_list, probabilities)


def _primal_distribution(committees: list[Committee], target, sizes) -> list[float]:
    """Probabilities of the committees that give every group (almost exactly) its probability.

    minimise ε  s.t.  Σ_P x_P = 1,  Σ_P x_P c_g(P) / size_g ≥ p_g - ε,  x ≥ 0 (as the library).
    """
    m = len(committees)
    n = len(target)
    h = _highs()
    inf = highspy.kHighsInf
    h.addVars(m + 1, np.zeros(m + 1), np.full(m + 1, inf))
    costs = np.zeros(m + 1)
    costs[m] = 1.0
    h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), costs)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    rows: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for j, committee in enumerate(committees):
        for g, count in committee:
            rows[g].append((j, count / sizes[g]))
    for g, entries in enumerate(rows):
        h.addRow(
            target[g],
            inf,
            len(entries) + 1,
            np.array([j for j, _v in entries] + [m], dtype=np.int32),
            np.array([v for _j, v in entries] + [1.0]),
        )
    h.run()
    x = np.array(h.getSolution().col_value)[:m].clip(0, 1)
    return list(x / x.sum())
