"""LEXIMIN on open-source solvers: the column-generation algorithm of Flanigan et al. (2021).

The algorithm is the one in `sortition_algorithms.committee_generation.leximin` (GPL-3.0, the
Sortition Foundation's library), whose linear programs need Gurobi. Here the same steps run on
HiGHS (`highspy`): the library's committee generation (integer programs on HiGHS or CBC) is
reused unchanged; the dual linear programs of each leximin stage and the final primal are solved
by HiGHS.

Outer loop: maximise the lowest probability among the respondents whose probability is not yet
fixed, subject to the fixed ones; fix every respondent whose dual weight is positive (they are
tight in every optimal solution) and repeat until everyone is fixed.

Inner loop (column generation): the dual LP ranges only over the committees found so far;
the committee integer program finds the committee that violates the dual most; when none
does, the stage is optimal.

Speed-ups over a straight port, measured in `bench/sortition.py`:
- one HiGHS model for the whole run: new committees are appended as rows and the fixed
  probabilities change the objective and one row's coefficients, so every solve is warm-started
  from the previous basis (dual simplex);
- the converged stage is re-solved once with the interior-point method without crossover, which
  gives a strictly complementary solution and so fixes as many respondents per stage as the
  library's Gurobi barrier setting does.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
from sortition_algorithms.committee_generation.common import (
    generate_initial_committees,
    ilp_results_to_committee,
    setup_committee_generation,
)
from sortition_algorithms.committee_generation.solver import SolverSense, solver_sum

#: weights below this count as zero when deciding which respondents to fix
FIX_EPS = 1e-7
#: a stage has converged when no committee violates the dual by more than this; the library
#: uses 5e-4, which leaves the probabilities up to about 1e-3 off the exact leximin
EPS = 1e-5
#: multiplicative-weights rounds for the initial committees, per respondent (the library uses 3).
#: Measured on the Kassel case (bench/sortition.py): 3 per respondent 85 s (54 s of them the
#: 1,500 initial integer programs, 27 LP solves), 1 per respondent 67 s (9 s initial, 181 LP
#: solves); far fewer rounds cost many more LP solves (300 rounds: 419).
INITIAL_ROUNDS_PER_RESPONDENT = 1


class Cancelled(Exception):  # noqa: N818 - reads as "the run was cancelled"
    """The caller asked to stop (raised from the progress callback)."""


@dataclass
class LeximinStats:
    stages: int = 0
    lp_solves: int = 0
    ilp_solves: int = 0
    committees: int = 0
    relaxations: int = 0
    setup_seconds: float = 0.0
    initial_seconds: float = 0.0
    lp_seconds: float = 0.0
    ilp_seconds: float = 0.0


class _PhaseReporter:
    """The library's ProgressReporter protocol, mapped onto a share of our progress bar."""

    def __init__(self, report, start: float, end: float):
        self.report, self.start, self.end, self.total = report, start, end, None

    def start_phase(self, name, total=None, *, message=None):
        self.total = total

    def update(self, current, *, message=None):
        share = min(1.0, current / self.total) if self.total else 0.0
        self.report(self.start + (self.end - self.start) * share, message or "")

    def end_phase(self):
        pass


def _highs(quiet=True) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    # presolve would throw away the basis that warm-starts the next solve
    h.setOptionValue("presolve", "off")
    return h


class _DualLP:
    """The dual LP of all leximin stages in one warm-started HiGHS model.

    minimise  ŷ - Σ_{i fixed} p_i y_i
    s.t.      Σ_{i ∈ P} y_i - ŷ ≤ 0        for every known committee P
              Σ_{i not fixed} y_i = 1
              y, ŷ ≥ 0
    Column j < n is y_j, column n is ŷ; row 0 is the normalisation row.
    """

    def __init__(self, n: int):
        self.n = n
        self.h = _highs()
        inf = highspy.kHighsInf
        self.h.addVars(n + 1, np.zeros(n + 1), np.full(n + 1, inf))
        costs = np.zeros(n + 1)
        costs[n] = 1.0
        self.h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), costs)
        self.h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        self.h.addRow(1.0, 1.0, n, np.arange(n, dtype=np.int32), np.ones(n))

    def add_committees(self, committees: list[list[int]]) -> None:
        if not committees:
            return
        starts, index, value = [], [], []
        for members in committees:
            starts.append(len(index))
            index.extend(members)
            value.extend([1.0] * len(members))
            index.append(self.n)
            value.append(-1.0)
        inf = highspy.kHighsInf
        k = len(committees)
        self.h.addRows(
            k,
            np.full(k, -inf),
            np.zeros(k),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value),
        )

    def fix(self, fixed: dict[int, float]) -> None:
        """Set the objective and the normalisation row for the current fixed probabilities."""
        for i, p in fixed.items():
            self.h.changeCoeff(0, i, 0.0)
            self.h.changeColCost(i, -p)

    def solve(self) -> bool:
        """Dual simplex, warm-started from the last basis."""
        self.h.run()
        return self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def interior_weights(self) -> np.ndarray | None:
        """y from the interior-point method without crossover (strictly complementary).

        The simplex basis is saved and put back, so the next simplex solve stays warm.
        """
        h = self.h
        basis = h.getBasis()
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
        h.run()
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        weights = np.array(h.getSolution().col_value)[: self.n] if ok else None
        h.setOptionValue("solver", "simplex")
        h.setBasis(basis)
        return weights

    def solution(self) -> tuple[np.ndarray, float, float]:
        values = np.array(self.h.getSolution().col_value)
        return (
            values[: self.n],
            float(values[self.n]),
            float(self.h.getInfo().objective_function_value),
        )


def find_distribution_leximin_highs(
    features,
    people,
    panel_size: int,
    household_columns: list[str],
    ilp_backend: str = "highspy",
    progress: Callable[[float, str], None] | None = None,
    stats: LeximinStats | None = None,
    initial_rounds: int | None = None,
) -> tuple[list[frozenset[str]], list[float]]:
    """LEXIMIN distribution over committees, with every LP on HiGHS; raises Cancelled if asked."""
    stats = stats if stats is not None else LeximinStats()
    report = progress or (lambda fraction, message: None)
    setup_started = time.perf_counter()
    solver, agent_vars = setup_committee_generation(
        features, people, panel_size, household_columns, ilp_backend
    )
    ids = list(people)
    position = {agent: i for i, agent in enumerate(ids)}
    n = len(ids)
    report(0.02, "initial committees")
    stats.setup_seconds = time.perf_counter() - setup_started
    started = time.perf_counter()
    rounds = initial_rounds if initial_rounds is not None else INITIAL_ROUNDS_PER_RESPONDENT * n
    committees, _covered, _report = generate_initial_committees(
        solver, agent_vars, rounds, progress_reporter=_PhaseReporter(report, 0.02, 0.1)
    )
    stats.initial_seconds = time.perf_counter() - started
    committee_list = list(committees)
    known = set(committee_list)
    dual = _DualLP(n)
    dual.add_committees([[position[a] for a in c] for c in committee_list])
    fixed: dict[int, float] = {}
    report(0.1, "leximin")

    step = 1e-7
    while len(fixed) < n:
        stats.stages += 1
        dual.fix(fixed)
        while True:
            stats.lp_solves += 1
            t0 = time.perf_counter()
            solved = dual.solve()
            stats.lp_seconds += time.perf_counter() - t0
            if solved:
                step = 1e-7
            else:
                # rounding can make the fixed probabilities slightly infeasible: relax them
                # by as little as needed (the library relaxes by 1e-4 at once)
                stats.relaxations += 1
                fixed = {i: max(0.0, p - step) for i, p in fixed.items()}
                step *= 10
                dual.fix(fixed)
                continue
            weights, cap, objective = dual.solution()
            solver.set_objective(
                solver_sum(float(weights[position[a]]) * agent_vars[a] for a in ids),
                SolverSense.MAXIMIZE,
            )
            t0 = time.perf_counter()
            solver.optimize()
            stats.ilp_seconds += time.perf_counter() - t0
            stats.ilp_solves += 1
            value = solver.get_objective_value()
            if value <= cap + EPS:
                break
            new = ilp_results_to_committee(solver, agent_vars)
            if new in known:  # numerically tied: the stage has converged
                break
            known.add(new)
            committee_list.append(new)
            dual.add_committees([[position[a] for a in new]])
            report(0.1 + 0.85 * len(fixed) / n, f"{len(fixed)}/{n}")
        # a strictly complementary (interior) solution says whom to fix: as many respondents
        # as possible; the value they are fixed at is the simplex optimum, which the known
        # committees achieve exactly
        stats.lp_solves += 1
        t0 = time.perf_counter()
        inner_weights = dual.interior_weights()
        stats.lp_seconds += time.perf_counter() - t0
        if inner_weights is not None and any(
            inner_weights[i] > FIX_EPS for i in range(n) if i not in fixed
        ):
            weights = inner_weights
        newly = [i for i in range(n) if i not in fixed and weights[i] > FIX_EPS]
        if not newly:  # cannot happen for an optimal dual (Σ y = 1), but never loop forever
            newly = [i for i in range(n) if i not in fixed]
        for i in newly:
            fixed[i] = max(0.0, objective)
        report(0.1 + 0.85 * len(fixed) / n, f"{len(fixed)}/{n}")

    stats.committees = len(committee_list)
    t0 = time.perf_counter()
    probabilities = _primal_distribution(
        committee_list, [fixed[position[a]] for a in ids], position
    )
    stats.lp_seconds += time.perf_counter() - t0
    return committee_list, probabilities


def _primal_distribution(committees, target, position) -> list[float]:
    """Probabilities of the committees that give everyone (almost exactly) their fixed probability.

    minimise ε  s.t.  Σ_P x_P = 1,  Σ_{P ∋ i} x_P ≥ p_i - ε,  x ≥ 0 (as in the library).
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
    rows: list[list[int]] = [[] for _ in range(n)]
    for j, committee in enumerate(committees):
        for agent in committee:
            rows[position[agent]].append(j)
    for i, cols in enumerate(rows):
        h.addRow(
            target[i],
            inf,
            len(cols) + 1,
            np.array([*cols, m], dtype=np.int32),
            np.ones(len(cols) + 1),
        )
    h.run()
    x = np.array(h.getSolution().col_value)[:m].clip(0, 1)
    return list(x / x.sum())
