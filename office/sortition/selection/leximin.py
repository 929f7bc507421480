"""LEXIMIN on open-source solvers: the column-generation algorithm of Flanigan et al. (2021).

The algorithm is the one in `sortition_algorithms.committee_generation.leximin` (GPL-3.0, the
Sortition Foundation's library), whose linear programs need Gurobi. Here every program runs on
HiGHS (`highspy`), on groups of interchangeable respondents (`office.sortition.selection.grouping`):
respondents with the same categories (and, under the household rule, households of the same
make-up) always get the same leximin probability, so the linear programs need one variable per
group and a committee is a count per group. The pool and quota model and the explanation of
infeasible quotas are the library's.

First (`relaxation.py`): the leximin point of the quota polytope by plain LPs, and a lottery
over panels that gives exactly those probabilities; then that is the LEXIMIN result (the
module says why). Where its walk finds no such lottery, column generation looks for one from
the walk's panels (`_reach`); only where that finds none either does the LEXIMIN below run.

Outer loop: maximise the lowest probability among the groups whose probability is not yet
fixed, subject to the fixed ones; fix every group whose dual weight is positive (they are
tight in every optimal solution) and repeat until every group is fixed.

Inner loop (column generation): the stage LP (`stage_lp.StageLP`) ranges only over the
committees found so far; the committee integer program (`committee_program.CommitteeProgram`)
finds the committee that its dual prices value most; when none is worth more than the LP's
cap, the stage is optimal.

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
- stabilised prices (Wentges smoothing): the committees worth most at three points between the
  current dual and the stage's best dual so far (the one with the lowest upper bound on the
  stage's optimum) join each batch where they improve the LP; the simplex dual alone jumps
  between extreme points and its committees move the LP little (the 1,000 x 100 case: 104
  instead of 231 LP solves). Only the extra columns come from them: the stage still ends when
  the simplex dual itself is certified, and whom to fix still comes from that dual;
- diverse committees (DIVERSE), at most INITIAL_ROUNDS_CAP initial rounds, and branch and
  bound that may stop near the best committee except to certify a stage's end (see below);
- the swaps' constraint check in integers (float matrices made numpy's BLAS threads spin);
- whom to fix comes from the simplex dual that the last pricing round certified (not an
  uncertified interior-point dual, which fixed groups too early on some pools).
"""

import logging
import random
import time
from collections.abc import Callable

import numpy as np
from sortition_algorithms import errors as sa_errors
from sortition_algorithms.committee_generation.common import setup_committee_generation

from office.sortition.selection.committee_program import (
    INITIAL_ROUNDS_CAP,
    CommitteeProgram,
    initial_committees,
)
from office.sortition.selection.grouping import Committee, Grouping, group_respondents
from office.sortition.selection.outcome import LeximinDistribution, LeximinStats
from office.sortition.selection.relaxation import FIX_EPS, by_relaxation, gives
from office.sortition.selection.stage_lp import DualCenter, StageLP, primal_distribution

#: one debug line per stage LP (`bench.sortition --trace`)
log = logging.getLogger(__name__)

#: first the leximin point of the quota polytope and a lottery that gives it (relaxation.py,
#: exact when it succeeds); column generation only where it does not
RELAXATION_FIRST = True
#: column generation for the relaxation's point: done when no group is further below it than
#: REACHED (the lottery is then checked, see relaxation.gives); pricing's tolerance there (the
#: committee program's own is 1e-7)
REACHED = 1e-9
REACH_EPS = 1e-7
#: share of the progress bar the relaxation had when column generation runs after it
RELAXATION_SHARE = 0.6
#: a stage has converged when no committee violates the dual by more than this; the library
#: uses 5e-4, which leaves the probabilities up to about 1e-3 off the exact leximin
EPS = 1e-5
#: committees one seat away from the best one, added with it after each LP solve
SWAPS_PER_ROUND = 10
#: ... and the best one-seat swap of each of this many committees of the current solution
#: (those with the largest probability): new columns where the distribution already is
SUPPORT_SWAPS = 20
#: smoothed prices: weight of the best dual so far at each extra pricing point (empty: none);
#: 1,000 x 100 case: 104 instead of 231 stage LP solves, the same probabilities within 1e-10
SMOOTHING: tuple[float, ...] = (0.3, 0.6, 0.85)
#: pricing's branch and bound may stop within this fraction of the best committee's value
#: when that committee still improves the stage LP (otherwise it runs again exactly: the end
#: of a stage is always certified by an exact program); the stage's best dual so far is
#: judged by the program's upper bound
PRICING_GAP = 1e-3
#: more committees per round (one per panel size of groups not fixed, at most this many), each
#: priced with the groups the round's earlier ones seat made cheaper by DIVERSE_DISCOUNT
DIVERSE = 8
DIVERSE_DISCOUNT = 0.5
#: one-seat swaps added with each committee found at a smoothed point
SMOOTHED_SWAPS = 3


class Cancelled(Exception):  # noqa: N818 - reads as "the run was cancelled"
    """The caller asked to stop (raised from the progress callback)."""


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
    grouping, program, sizes = _setup(features, people, panel_size, household_columns, stats)
    relaxed = by_relaxation(program, sizes, report, stats, seed) if RELAXATION_FIRST else None
    if relaxed is not None:
        if lottery := relaxed.lottery or _reach(program, sizes, relaxed, stats, report):
            return LeximinDistribution(grouping, [c for c, _p in lottery], [p for _c, p in lottery])
        # column generation after all: its own progress, in what is left of the bar
        report = _after(report, RELAXATION_SHARE)
    committees = _initial(program, sizes, initial_rounds, seed, report, stats)
    # with the panels the relaxation met, each once
    committees = list(dict.fromkeys(committees + (relaxed.panels if relaxed else [])))
    run = _Run(program, sizes, committees, stats, report)
    fixed = run.fix_all()
    stats.committees, stats.lp_restarts = len(run.committees), run.stage.restarts
    stats.branch_and_bound += program.mip_solves
    started = time.process_time()
    target = [fixed[g] for g in range(len(sizes))]
    probabilities = primal_distribution(run.committees, target, sizes)
    stats.lp_seconds += time.process_time() - started
    return LeximinDistribution(grouping, run.committees, probabilities)


def _initial(program, sizes, initial_rounds, seed: int, report, stats) -> list[Committee]:
    report(0.02, "initial committees")
    started = time.process_time()
    rounds = initial_rounds if initial_rounds is not None else min(len(sizes), INITIAL_ROUNDS_CAP)
    rng = random.Random(seed)  # noqa: S311 - reproducible from the published seed on purpose
    committees = initial_committees(program, sizes, rounds, rng, report)
    stats.initial_seconds = time.process_time() - started
    report(0.1, "leximin")
    return committees


def _after(report, start: float):
    """`report` for a second phase, in what is left of the bar after `start`."""
    return lambda fraction, message: report(start + (1 - start) * fraction, message)


def _reach(program: CommitteeProgram, sizes: np.ndarray, relaxed, stats, report) -> list:
    """Where the walk failed: column generation for a lottery that gives the relaxation's
    point, from the panels the walk met ([] when it finds none: no lottery gives the point,
    or pricing within its tolerance cannot tell; the panels it found go to `relaxed.panels`)."""
    if relaxed.counts is None or not relaxed.panels:
        return []
    run = _Run(program, sizes, relaxed.panels, stats, report)
    reached = run.reach(relaxed.counts / sizes)
    relaxed.panels = run.committees
    if not reached:
        return []
    lottery = [(c, p) for c, p in zip(run.committees, run.stage.lottery(), strict=True) if p > 0]
    if not gives(lottery, relaxed.counts, sizes):
        return []
    stats.path, stats.committees = "relaxation, then column generation", len(lottery)
    return lottery


def _setup(features, people, panel_size: int, household_columns, stats: LeximinStats):
    """The groups, the committee program and the group sizes; raises if no committee exists."""
    started = time.process_time()
    grouping = _grouping(features, people, household_columns)
    program = CommitteeProgram(grouping, features, panel_size)
    sizes = np.array([group.size for group in grouping.groups], dtype=float)
    stats.respondents, stats.groups = sum(group.size for group in grouping.groups), len(sizes)
    if program.best(np.ones(len(sizes))) is None:
        # the library's model explains which quotas to relax (and raises)
        setup_committee_generation(features, people, panel_size, household_columns, "highspy")
        raise sa_errors.SelectionError("no committee meets the quotas")
    stats.setup_seconds = time.process_time() - started
    return grouping, program, sizes


def _grouping(features, people, household_columns: list[str]) -> Grouping:
    names = list(features)
    return group_respondents(
        {key: [data[name] for name in names] for key, data in people.items()},
        names,
        people.households(household_columns).values() if household_columns else None,
    )


def _value(price: np.ndarray, committee: Committee) -> float:
    return float(sum(price[g] * count for g, count in committee))


class _Run:
    """The outer and inner loops: the committees found so far, the stage LP, the fixed groups."""

    def __init__(self, program: CommitteeProgram, sizes, committees, stats, report):
        self.program, self.sizes, self.stats, self.report = program, sizes, stats, report
        self.n = len(sizes)
        self.committees: list[Committee] = list(committees)
        self.known = set(self.committees)
        self.stage = StageLP(sizes)
        self.stage.add_committees(self.committees)
        self.fixed: dict[int, float] = {}
        #: how much the fixed probabilities are relaxed when the stage LP turns infeasible
        self.step = 1e-7
        #: CPU seconds of the last stage LP solve (for the trace)
        self.lp_cpu = 0.0

    def fix_all(self) -> dict[int, float]:
        """Stage after stage until every group has its probability."""
        while len(self.fixed) < self.n:
            self.stats.stages += 1
            self.stage.fix(self.fixed)
            weights, objective = self._stage_optimum()
            # fix the groups with a positive weight in the simplex dual that the last pricing
            # certified (no committee violates it): they are tight in every optimal
            # distribution; the value is the simplex optimum, which the known committees reach
            newly = [g for g in range(self.n) if g not in self.fixed and weights[g] > FIX_EPS]
            if not newly:  # cannot happen for an optimal dual (Σ y = 1), but never loop forever
                newly = [g for g in range(self.n) if g not in self.fixed]
            for g in newly:
                self.fixed[g] = max(0.0, objective)
            self._progress()
        return self.fixed

    def _progress(self) -> None:
        self.report(0.1 + 0.85 * len(self.fixed) / self.n, f"{len(self.fixed)}/{self.n}")

    def _stage_optimum(self) -> tuple[np.ndarray, float]:
        """Column generation until pricing certifies the stage LP's dual: (weights, optimum)."""
        center = DualCenter(self.fixed)
        while True:
            solved = self._solve()
            if solved is None:
                raise sa_errors.SelectionError("the stage LP failed")
            weights, cap, objective = solved
            price = weights / self.sizes
            new = self._improving(price, cap)
            gap = _value(price, new) - cap if new is not None else 0.0
            log.debug(
                "stage %d, %d/%d fixed, LP %d: lowest %.6f (at most %.6f), gap %.2e, "
                "%d columns, %d iterations, %.2f s CPU",
                self.stats.stages,
                len(self.fixed),
                self.n,
                self.stats.lp_solves,
                objective,
                min(center.bound, center.bound_of(weights, self.program.bound)),
                gap,
                self.stage.columns,
                self.stage.iterations(),
                self.lp_cpu,
            )
            if gap <= EPS or new in self.known:  # a known committee: numerically tied
                return weights, objective
            if center.weights is None:  # the stage's first dual: the first center
                center.update(weights, self.program.bound)
            self._extend(center, weights, price, new, cap)
            self._progress()

    def _improving(self, price: np.ndarray, cap: float, eps: float = EPS) -> Committee | None:
        """A committee worth more than the cap (+ eps): branch and bound may stop near the
        best one, but when what it found is not worth more, it runs again exactly."""
        new = self._price(price, above=cap + eps, gap=PRICING_GAP)
        if new is not None and _value(price, new) <= cap + eps:  # short of the best: exact
            new = self._price(price, above=cap + eps)
        return new

    def _extend(self, center: DualCenter, weights, price, new: Committee, cap: float) -> None:
        """Add `new`, its neighbours, the smoothed and the diverse committees as columns."""
        batch = self._neighbours(new, price, cap + EPS)
        batch += self._smoothed(center, weights, price, cap + EPS, batch)
        self._add(batch + self._diverse(new, price, cap + EPS, batch))

    def reach(self, target: np.ndarray) -> bool:
        """Column generation until the committees found give every group its `target`
        probability (True), or until pricing shows that no lottery does (False)."""
        self.stage.aim(target)
        center = DualCenter(dict(enumerate(target)))
        while True:
            solved = self._solve()
            if solved is None:
                return False
            weights, cap, objective = solved
            if objective >= -REACHED:
                return True
            price = weights / self.sizes
            new = self._improving(price, cap, REACH_EPS)
            center.update(weights, self.program.bound)
            if new is None or new in self.known or center.bound < -REACHED:
                return False
            self._extend(center, weights, price, new, cap)
            self.report(RELAXATION_SHARE - 0.02, f"lottery: {len(self.committees)} committees")

    def _solve(self) -> tuple[np.ndarray, float, float] | None:
        """The stage LP's solution; rounding can make the fixed probabilities slightly
        infeasible: then they are relaxed by as little as needed (the library: 1e-4 at once).
        None when the LP fails with nothing fixed to relax (not seen; `reach` gives up)."""
        while True:
            self.stats.lp_solves += 1
            started = time.process_time()
            solved = self.stage.solve()
            self.lp_cpu = time.process_time() - started
            self.stats.lp_seconds += self.lp_cpu
            if solved:
                self.step = 1e-7
                return self.stage.solution()
            if not self.fixed:
                return None
            self.stats.relaxations += 1
            self.fixed = {g: max(0.0, p - self.step) for g, p in self.fixed.items()}
            self.step *= 10
            self.stage.fix(self.fixed)

    def _price(self, price: np.ndarray, above: float | None = None, gap: float = 0.0):
        started = time.process_time()
        committee = self.program.best(price, above=above, gap=gap)
        self.stats.ilp_seconds += time.process_time() - started
        self.stats.ilp_solves += 1
        return committee

    def _neighbours(self, new: Committee, price, above: float) -> list[Committee]:
        """`new`, its best one-seat swaps, and the best swap of each of the most likely
        committees of the current solution, where worth more than `above` and not known."""
        batch = {new: None}
        batch.update(dict.fromkeys(self.program.swaps(new, price, above, SWAPS_PER_ROUND)))
        for j in self.stage.likely(SUPPORT_SWAPS):
            batch.update(dict.fromkeys(self.program.swaps(self.committees[j], price, above, 1)))
        return [c for c in batch if c not in self.known]

    def _smoothed(self, center, weights, price, above: float, batch) -> list[Committee]:
        """Committees worth most at points between the best dual so far and the current one,
        with their best swaps, where they improve the current LP (Wentges smoothing)."""
        out: dict[Committee, None] = {}
        if center.weights is None or np.array_equal(center.weights, weights):
            return []
        for alpha in SMOOTHING:
            between = alpha * center.weights + (1 - alpha) * weights
            committee = self._price(between / self.sizes, gap=PRICING_GAP)
            if committee is None:
                continue
            center.update(between, self.program.bound)
            if _value(price, committee) > above:
                out[committee] = None
                out.update(
                    dict.fromkeys(self.program.swaps(committee, price, above, SMOOTHED_SWAPS))
                )
        return [c for c in out if c not in self.known and c not in batch]

    def _diverse(self, first: Committee, price, above: float, batch) -> list[Committee]:
        """More committees that improve the LP, each worth most once the groups seated by the
        ones before it are made cheaper: together they seat more of the groups the LP must
        raise (one per `panel size` groups not fixed, at most DIVERSE)."""
        count = min(DIVERSE, (self.n - len(self.fixed)) // int(self.program.lower[0]))
        out: dict[Committee, None] = {}
        discounted, committee = price.copy(), first
        for _ in range(count):
            for g, _count in committee:
                discounted[g] *= DIVERSE_DISCOUNT
            committee = self._price(discounted, gap=PRICING_GAP)
            if committee is None or _value(price, committee) <= above:
                break
            out[committee] = None
        return [c for c in out if c not in self.known and c not in batch]

    def _add(self, batch: list[Committee]) -> None:
        self.known.update(batch)
        self.committees.extend(batch)
        self.stage.add_committees(batch)
