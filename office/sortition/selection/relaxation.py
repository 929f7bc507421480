"""LEXIMIN through its relaxation: the leximin point of the quota polytope, then panels that give it.

Why the result is the exact LEXIMIN. A panel is a count per group that meets the quotas and
the household rule (`committee_program.CommitteeProgram`); the probabilities a lottery over
panels can give are the points of the convex hull H of those count vectors (divided by the
group sizes). H lies inside the polytope P of *fractional* counts that meet the same
constraints (the committee program's linear relaxation). The leximin point of P takes a few
plain linear programs with one variable per group and no committees at all (`relaxed_leximin`:
stage after stage, as in `leximin.py`, maximise the lowest probability not yet fixed and fix
the groups whose dual weight is positive). When a lottery over panels gives exactly those
probabilities, the point is in H; being the leximin-highest point of the larger P it is the
leximin-highest of H too, and that point is unique: it is the LEXIMIN result. Where the walk
below finds no such lottery, `leximin.py` looks for one by column generation from the panels
the walk met, and where there is none (P has corners no panel reaches: small pools with tight
quotas) it runs the column-generation LEXIMIN itself. So the relaxation
never changes a result, it only finds it faster (issue #16: 5,000 respondents, 100 seats and 7
features in minutes, where column generation took hours).

The lottery (`realise`): a walk through ever smaller faces of P (Carathéodory's argument). At
the current point y, find a panel c in the smallest face of P that holds y: every constraint
tight at y stays tight (an integer program on that face). Move y away from c as far as P
allows, y' = y + μ (y - c): one more constraint becomes tight, and y = (y' + μ c) / (1 + μ),
so c gets μ / (1 + μ) of the weight still to place and the walk goes on from y'. The weight
left shrinks geometrically; below `REST` the last face's panel takes it. If a face holds no
panel, the walk has left H (or never was in it) and the relaxation gives up. Before the
lottery is used, the probabilities it gives are computed from its panels and weights alone and
compared with the relaxation's (`ACCEPT`): that check, not the walk's bookkeeping, is what
makes the result exact.
"""

import copy
import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from office.sortition.selection.committee_program import CommitteeProgram, as_committee, highs
from office.sortition.selection.grouping import Committee

#: a dual weight above this fixes its group (as leximin.FIX_EPS)
FIX_EPS = 1e-7
#: the walk stops when less than this weight is left to place
REST = 1e-8
#: an expected count still to place this close to 0 or to its group's capacity is at that
#: bound (judged before scaling by the weight left, see _Walk.point)
AT_BOUND = 1e-10
#: a constraint's total still to place this close to its minimum or maximum is tight
TIGHT = 1e-9
#: the lottery is accepted when every member's probability is this close to the relaxation's
ACCEPT = 1e-6
#: a step whose next face holds no panel is tried from at most this many other panels
REPAIRS = 4
#: the walk gives up when the weight left shrinks less than tenfold over this many steps
STALL = 200
#: share of the progress bar the walk reports (column generation may follow it)
WALK_SHARE = 0.5


@dataclass
class Relaxed:
    """The relaxation's leximin point (expected count per group; None if its LPs failed), the
    lottery that gives it ([] if the walk found none) and every panel the walk met."""

    counts: np.ndarray | None
    lottery: list[tuple[Committee, float]]
    panels: list[Committee]


def by_relaxation(program: CommitteeProgram, sizes: np.ndarray, report, stats, seed: int = 0):
    """The relaxation's leximin point and, where the walk reaches it, the LEXIMIN lottery."""
    started = time.process_time()
    counts = relaxed_leximin(program, sizes, stats)
    report(0.05, "leximin of the relaxation")
    relaxed = Relaxed(counts, [], [])
    if counts is not None:
        realise(program, relaxed, np.random.default_rng(seed), report, stats)
        if relaxed.lottery and not gives(relaxed.lottery, counts, sizes):
            relaxed.lottery = []
    stats.relaxation_seconds = time.process_time() - started
    if relaxed.lottery:
        stats.path, stats.committees = "relaxation", len(relaxed.lottery)
    return relaxed


def gives(lottery, counts: np.ndarray, sizes: np.ndarray) -> bool:
    """Whether the lottery's probabilities are those of `counts` (within ACCEPT per member)."""
    given = np.zeros(len(sizes))
    for committee, weight in lottery:
        for g, count in committee:
            given[g] += weight * count
    total = sum(w for _c, w in lottery)
    return abs(total - 1.0) < ACCEPT and float(np.abs((given - counts) / sizes).max()) < ACCEPT


def relaxed_leximin(program: CommitteeProgram, sizes: np.ndarray, stats) -> np.ndarray | None:
    """Expected count per group at the leximin point of the quota polytope (None if a stage's
    LP fails, which rounding can cause: then column generation runs)."""
    lp = _RelaxedLP(program, sizes)
    fixed: set[int] = set()
    while len(fixed) < len(sizes):
        stats.relaxed_stages += 1
        solved = lp.solve()
        if solved is None:
            return None
        weights, lowest = solved
        newly = [g for g in range(len(sizes)) if g not in fixed and weights[g] > FIX_EPS]
        for g in newly or [g for g in range(len(sizes)) if g not in fixed]:
            lp.fix(g, lowest)
            fixed.add(g)
    return lp.counts


class _RelaxedLP:
    """maximise z  s.t.  the committee program's constraints on fractional counts c_g,
    c_g - size_g z ≥ 0 for every group not fixed, c_g ≥ size_g p_g for every fixed group.
    One warm-started HiGHS model: fixing a group changes one coefficient and one bound."""

    def __init__(self, program: CommitteeProgram, sizes: np.ndarray):
        n, inf = len(sizes), highspy.kHighsInf
        self.n, self.sizes, self.h = n, sizes, highs()
        self.h.addVars(n, np.zeros(n), program.capacity.astype(float))
        self.h.addVar(0.0, inf)
        self.h.changeColCost(n, -1.0)  # HiGHS minimises: -z
        _add_constraints(self.h, program)
        self.first = self.h.getNumRow()
        for g in range(n):
            self.h.addRow(0.0, inf, 2, np.array([g, n], dtype=np.int32), np.array([1.0, -sizes[g]]))

    def solve(self) -> tuple[np.ndarray, float] | None:
        """Dual weight per group and the lowest probability not fixed; None if not solved."""
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = self.h.getSolution()
        #: the last solution's counts: at the last stage, the leximin point
        self.counts = np.array(solution.col_value)[: self.n]
        return np.array(solution.row_dual)[self.first :], float(solution.col_value[self.n])

    def fix(self, g: int, probability: float) -> None:
        # a hair below the optimum, so that rounding cannot make the next stage infeasible
        self.h.changeCoeff(self.first + g, self.n, 0.0)
        floor = self.sizes[g] * max(0.0, probability) * (1 - 1e-12)
        self.h.changeRowBounds(self.first + g, floor, highspy.kHighsInf)


def _add_constraints(h: highspy.Highs, program: CommitteeProgram) -> None:
    for row, lower, upper in zip(program.rows, program.lower, program.upper, strict=True):
        columns = np.flatnonzero(row).astype(np.int32)
        h.addRow(float(lower), float(upper), len(columns), columns, np.ones(len(columns)))


def realise(program: CommitteeProgram, relaxed: Relaxed, rng, report, stats) -> None:
    """The lottery whose expected counts are `relaxed.counts`, by the walk through faces,
    into `relaxed.lottery`; it stays [] when the walk finds no way on (the counts are not
    reached by any lottery, or the walk left the panels' hull); the panels met go to
    `relaxed.panels` either way."""
    face, walk = _Face(program), _Walk(program, relaxed.counts)
    y = walk.point()
    panel = face.panel(walk, _preference(y, walk.cap, rng))
    lottery: dict[Committee, float] = {}
    history = [walk.rest]
    while panel is not None and walk.rest >= REST and not walk.integral(y):
        stats.face_steps += 1
        step = _next(face, walk, y, panel, rng, stats)
        if step is None or _stalled(history, step[0].rest):
            relaxed.panels, stats.branch_and_bound = list(face.seen), face.mip_solves
            return
        walk, y, panel, weight, weighted = step
        committee = as_committee(weighted)
        lottery[committee] = lottery.get(committee, 0.0) + weight
        placed = min(1.0, math.log10(1 / max(walk.rest, REST)) / -math.log10(REST))
        report(0.05 + WALK_SHARE * placed, f"lottery: {len(lottery)} panels")
    relaxed.panels, stats.branch_and_bound = list(face.seen), face.mip_solves
    if panel is not None:
        # an integral point is itself a panel (and may not be the one the face's program chose)
        committee = as_committee(np.rint(y) if walk.integral(y) else panel)
        lottery[committee] = lottery.get(committee, 0.0) + walk.rest
        relaxed.lottery = list(lottery.items())


def _next(face: "_Face", walk: "_Walk", y, panel, rng, stats):
    """(walk, point, next panel, weight, panel weighted) after one step away from a panel.

    The full step from `panel` reaches a smaller face; when that face holds no panel, the
    constraint it made tight is held where `panel` was not (another panel of the face, on the
    far side of it) and the full step is tried again, up to REPAIRS times; if that fails, half
    the step from `panel` (the face stays the same, and it holds `panel`)."""
    held, candidate = walk, panel
    for _ in range(REPAIRS):
        ahead, weight, blocking = walk.moved(y, candidate, 1.0)
        found = _ahead(face, ahead, candidate, rng)
        if found is not None:
            return (*found, weight, candidate)
        if ahead is None:
            break
        stats.repairs += 1
        held = held.holding(blocking)
        candidate = face.panel(held, _preference(y, walk.cap, rng))
        if candidate is None:
            break
    stats.half_steps += 1
    ahead, weight, _blocking = walk.moved(y, panel, 0.5)
    found = _ahead(face, ahead, panel, rng)
    return None if found is None else (*found, weight, panel)


def _ahead(face: "_Face", ahead, panel, rng):
    """(walk, point, its face's panel) after a step, or None if that face holds none; once
    the weight left is below REST, the last panel takes it (no face needed)."""
    if ahead is None:
        return None
    point = ahead.point()
    if ahead.rest < REST:
        return ahead, point, panel
    found = face.panel(ahead, _preference(point, ahead.cap, rng))
    return None if found is None else (ahead, point, found)


def _stalled(history: list[float], rest: float) -> bool:
    """Whether the weight left shrank less than tenfold over the last STALL steps (the walk
    creeps along the polytope's boundary: the point is not reached by a lottery)."""
    history.append(rest)
    return len(history) > STALL and history[-STALL - 1] < 10 * rest


def _preference(y: np.ndarray, cap: np.ndarray, rng) -> np.ndarray:
    """What the face's program maximises: seat the groups far from their bounds in y (log
    odds of a member's share), so the step away from the panel is long; a little noise breaks
    ties reproducibly."""
    share = np.clip(y / cap, 1e-6, 1 - 1e-6)
    return np.log(share / (1 - share)) + rng.uniform(0.0, 1e-3, len(y))


class _Walk:
    """The weight still to place (`rest`) and the counts it must give (`left`, unscaled)."""

    def __init__(self, program: CommitteeProgram, counts: np.ndarray):
        self.cap = program.capacity.astype(float)
        self.rows = program.rows.astype(float)
        self.lower, self.upper = program.lower.astype(float), program.upper.astype(float)
        self.left, self.rest = np.clip(counts, 0.0, self.cap), 1.0

    def point(self) -> np.ndarray:
        """The current point y = left / rest. Bounds are judged on the unscaled counts, whose
        rounding errors stay of one size while y's grow as 1 / rest; counts at a bound are put
        exactly there."""
        full = self.cap * self.rest
        self.at_zero, self.at_capacity = self.left < AT_BOUND, self.left > full - AT_BOUND
        self.left = np.where(self.at_zero, 0.0, np.where(self.at_capacity, full, self.left))
        totals = _sums(self.rows, self.left)
        self.at_lower = totals <= self.lower * self.rest + TIGHT
        self.at_upper = totals >= self.upper * self.rest - TIGHT
        self.totals = totals / self.rest
        return self.left / self.rest

    def integral(self, y: np.ndarray) -> bool:
        return float(np.abs(self.left - np.rint(y) * self.rest).max()) < AT_BOUND

    def moved(self, y: np.ndarray, panel: np.ndarray, share: float):
        """(the walk after moving y away from `panel` by `share` of as far as the polytope
        allows, the panel's weight, the bound reached); (None, 0, None) if it cannot move."""
        mu, blocking = self._longest(y, y - panel)
        mu *= share
        if not 0.0 < mu < np.inf:
            return None, 0.0, None
        weight = self.rest * mu / (1 + mu)
        ahead = copy.copy(self)
        ahead.left, ahead.rest = self.left - panel * weight, self.rest / (1 + mu)
        return ahead, weight, blocking

    def holding(self, bound: tuple[str, int]) -> "_Walk":
        """The same point, with one more bound held by the face's panels."""
        held = copy.copy(self)
        kind, index = bound
        flags = getattr(self, kind).copy()
        flags[index] = True
        setattr(held, kind, flags)
        return held

    def _longest(self, y: np.ndarray, d: np.ndarray) -> tuple[float, tuple[str, int] | None]:
        """The largest μ with y + μ d in the polytope (only the bounds not yet tight), and the
        bound it reaches: (flag name, index)."""
        free = ~(self.at_zero | self.at_capacity)
        rd = _sums(self.rows, d)
        loose = ~(self.at_lower | self.at_upper)
        candidates = (
            ("at_capacity", free & (d > 0), (self.cap - y) / np.where(d > 0, d, 1)),
            ("at_zero", free & (d < 0), y / np.where(d < 0, -d, 1)),
            ("at_upper", loose & (rd > 0), (self.upper - self.totals) / np.where(rd > 0, rd, 1)),
            ("at_lower", loose & (rd < 0), (self.totals - self.lower) / np.where(rd < 0, -rd, 1)),
        )
        best, bound = np.inf, None
        for kind, where, ratio in candidates:
            if where.any():
                index = int(np.flatnonzero(where)[np.argmin(ratio[where])])
                if ratio[index] < best:
                    best, bound = float(ratio[index]), (kind, index)
        return max(0.0, best), bound


def _sums(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each constraint's total: numpy's own loop, not BLAS, whose threads spun beside the walk
    (5,000 x 100 x 5: 35.7 s of CPU in 20.1 s of wall time, 19.9 s in 19.9 s without them)."""
    return np.einsum("ij,j->i", rows, values)


class _Face:
    """A panel on the smallest face of the polytope that holds a point: its counts at 0 or at
    capacity kept there, its tight constraints held at their bound. The linear relaxation
    first (often integral), then branch and bound (with presolve: many counts are fixed)."""

    def __init__(self, program: CommitteeProgram):
        n = self.n = program.size
        self.cap = program.capacity.astype(float)
        self.lower, self.upper = program.lower.astype(float), program.upper.astype(float)
        self.columns = np.arange(n, dtype=np.int32)
        self.rows = np.arange(len(self.lower), dtype=np.int32)
        self.relaxation, self.mip = highs(), highs()
        for h in (self.relaxation, self.mip):
            h.addVars(n, np.zeros(n), self.cap)
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
            _add_constraints(h, program)
        self.mip.changeColsIntegrality(n, self.columns, np.full(n, highspy.HighsVarType.kInteger))
        self.mip.setOptionValue("presolve", "on")
        #: every panel found, in order (column generation starts from them if the walk fails)
        self.seen: dict[Committee, None] = {}
        self.mip_solves = 0
        self.mip.setOptionValue("mip_heuristic_run_feasibility_jump", False)

    def panel(self, walk: "_Walk", preference: np.ndarray) -> np.ndarray | None:
        """The face's panel worth most by `preference`; None if the face holds none."""
        column_low = np.where(walk.at_capacity, self.cap, 0.0)
        column_high = np.where(walk.at_zero, 0.0, self.cap)
        row_low = np.where(walk.at_upper, self.upper, self.lower)
        row_high = np.where(walk.at_lower, self.lower, self.upper)
        for h in (self.relaxation, self.mip):
            h.changeColsBounds(self.n, self.columns, column_low, column_high)
            h.changeRowsBounds(len(self.rows), self.rows, row_low, row_high)
            h.changeColsCost(self.n, self.columns, preference)
            h.run()
            self.mip_solves += h is self.mip
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            values = np.array(h.getSolution().col_value)
            if np.abs(values - np.rint(values)).max() < 1e-6:
                self.seen[as_committee(values)] = None
                return np.rint(values)
        return None
