"""LEXIMIN's committee integer program on counts per group, and its one-seat swaps (HiGHS).

Used by `office.sortition.selection.leximin`: given a price per member of each group, find the
committee (a count per group) that meets every quota and is worth most, and the committees one
seat away from it that are worth more than a threshold; and the initial committees of column
generation (multiplicative weights, then committees that seat the groups not yet seated).
"""

import random

import highspy
import numpy as np
from sortition_algorithms import errors as sa_errors
from sortition_algorithms.features import iterate_feature_collection

from office.sortition.selection.grouping import Committee, Grouping

#: the committee integer program stops within this much of the best committee's value
ILP_ABS_GAP = 1e-7
#: multiplicative-weights rounds for the initial committees: one per group (the library: 3 per
#: respondent), at most this many (Kassel: 289 groups; 5,000 x 100 x 7: 2,334, whose rounds
#: took 1,400 s of CPU at one per group)
INITIAL_ROUNDS_CAP = 300
#: the initial committees need only be diverse: branch and bound stops this near the best
INITIAL_GAP = 1e-2


def highs() -> highspy.Highs:
    """A quiet, single-threaded, reproducible HiGHS model without presolve."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    # presolve would throw away the basis that warm-starts the next solve (and costs more than
    # it saves on the small committee programs)
    h.setOptionValue("presolve", "off")
    return h


class CommitteeProgram:
    """The committee integer program on counts per group (HiGHS).

    maximise  Σ_g w_g c_g
    s.t.      Σ_g c_g = panel size
              minimum ≤ Σ_{g in category} c_g ≤ maximum     for every quota
              Σ_{g sharing households} c_g ≤ households       (household rule)
              c_g ∈ {0, …, capacity_g}

    Its linear relaxation is solved first (warm-started, about a millisecond): when its optimum
    is integral it is the committee, and when its bound is below the value asked for no
    committee reaches it; only otherwise does branch and bound run. Only the objective changes
    from one solve to the next: both models are built once.
    """

    def __init__(self, grouping: Grouping, features, panel_size: int):
        groups = grouping.groups
        self.size = len(groups)
        self.columns = np.arange(self.size, dtype=np.int32)
        self.capacity = np.array([g.capacity for g in groups])
        self.mip, self.relaxation = _integer_program(self.size), highs()
        for h in (self.mip, self.relaxation):
            h.addVars(self.size, np.zeros(self.size), self.capacity.astype(float))
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.mip.changeColsIntegrality(
            self.size, self.columns, np.full(self.size, highspy.HighsVarType.kInteger)
        )
        self.mip_solves = 0
        #: an upper bound on the best value of the last solve (its value when solved exactly)
        self.bound = np.inf
        rows, self.lower, self.upper = [], [], []
        for lower, upper, members in _constraints(grouping, features, panel_size):
            rows.append(self._row(lower, upper, np.array(members, dtype=np.int32)))
        #: one 0/1 row per constraint, with its bounds (for the swaps)
        self.rows = np.array(rows, dtype=np.int32)
        self.lower, self.upper = np.array(self.lower), np.array(self.upper)

    def _row(self, lower, upper, columns) -> np.ndarray:
        self.lower.append(lower)
        self.upper.append(upper)
        for h in (self.mip, self.relaxation):
            h.addRow(float(lower), float(upper), len(columns), columns, np.ones(len(columns)))
        membership = np.zeros(self.size, dtype=np.int32)
        membership[columns] = 1
        return membership

    def best(
        self, weights: np.ndarray, above: float | None = None, gap: float = 0.0
    ) -> Committee | None:
        """The committee with the largest Σ w_g c_g; None if no committee meets the quotas or
        (when `above` is given) none has a value above it. With a relative `gap`, branch and
        bound may stop at a committee within that fraction of the largest value (enough for
        the initial committees, which only need to be diverse)."""
        weights = np.asarray(weights, dtype=float)
        h = self.relaxation
        h.changeColsCost(self.size, self.columns, weights)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            self.bound = h.getInfo().objective_function_value
            if above is not None and self.bound <= above:
                return None
            values = np.array(h.getSolution().col_value)
            if np.abs(values - np.rint(values)).max() < 1e-6:
                return as_committee(values)
        return self._branch_and_bound(weights, gap)

    def _branch_and_bound(self, weights: np.ndarray, gap: float) -> Committee | None:
        h = self.mip
        h.setOptionValue("mip_rel_gap", gap)
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
        self.bound = h.getInfo().mip_dual_bound
        return as_committee(np.array(h.getSolution().col_value))

    def swaps(self, committee: Committee, weights: np.ndarray, above: float, limit: int):
        """Up to `limit` committees one seat away from `committee` (one member of a group
        replaced by one of another) that meet every constraint and have a value above `above`,
        best first: more columns from the same prices, for the price of one LP solve."""
        counts = np.zeros(self.size, dtype=np.int64)
        for g, count in committee:
            counts[g] = count
        seated = np.flatnonzero(counts > 0)
        gain = weights[None, :] - weights[seated, None]  # seated a -> b
        gain[np.arange(len(seated)), seated] = -np.inf  # no change
        gain[:, counts >= self.capacity] = -np.inf
        gain[float(weights @ counts) + gain <= above] = -np.inf
        self._forbid_broken_constraints(gain, counts, seated)
        candidates = np.argwhere(np.isfinite(gain))
        order = np.argsort(-gain[candidates[:, 0], candidates[:, 1]], kind="stable")[:limit]
        out = []
        for i, j in candidates[order]:
            new = counts.copy()
            new[seated[i]] -= 1
            new[j] += 1
            out.append(as_committee(new))
        return out

    def _forbid_broken_constraints(self, gain: np.ndarray, counts, seated) -> None:
        """Set the gain of every swap that breaks a constraint to -inf.

        A swap changes a constraint's count by -1, 0 or +1: only the constraints at their
        maximum (b may not be in one a is not in) and at their minimum (a may not be in one b
        is not in) can be broken."""
        totals = self.rows @ counts
        for tight, outgoing in (
            (self.rows[totals >= self.upper], False),
            (self.rows[totals <= self.lower], True),
        ):
            if len(tight):
                both = tight[:, seated].T @ tight  # constraints a and b are both in
                alone = tight[:, seated].sum(axis=0)[:, None] if outgoing else tight.sum(axis=0)
                gain[alone - both > 0.5] = -np.inf


def initial_committees(
    program: CommitteeProgram, sizes: np.ndarray, rounds: int, rng: random.Random, report
) -> list[Committee]:
    """A diverse start: multiplicative weights (as the library), then committees that seat
    the groups no committee has seated yet, where there are such committees."""
    n = len(sizes)
    # weight of one member of each group; members on a new committee lose weight
    weights = np.array([rng.uniform(0.99, 1.0) for _ in range(n)])
    found: dict[Committee, None] = {}
    for r in range(rounds):
        committee = program.best(weights, gap=INITIAL_GAP)
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
    _seat_every_group(program, n, found)
    return list(found)


def _seat_every_group(program: CommitteeProgram, n: int, found: dict[Committee, None]) -> None:
    """Committees seating as many of the groups not yet seated as possible, until every group
    that any committee can seat is seated (each round seats at least one more)."""
    seated = {g for committee in found for g, _count in committee}
    while len(seated) < n:
        target = np.zeros(n)
        target[[g for g in range(n) if g not in seated]] = 1.0
        committee = program.best(target / program.capacity, gap=INITIAL_GAP)
        new = {g for g, _count in committee or () if g not in seated}
        if not new:  # the groups left are in no committee
            return
        found[committee] = None
        seated.update(new)


def as_committee(values: np.ndarray) -> Committee:
    """Counts per group (rounded) as a committee."""
    counts = np.rint(values).astype(int)
    return tuple((int(g), int(counts[g])) for g in np.flatnonzero(counts > 0))


def _integer_program(size: int) -> highspy.Highs:
    h = highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", ILP_ABS_GAP)
    # the committee programs are small; these two heuristics took half of each solve
    h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    h.setOptionValue("mip_heuristic_run_root_reduced_cost", False)
    return h


def _constraints(grouping: Grouping, features, panel_size: int):
    """(lower, upper, groups) of the panel size, of every quota and of the household rule."""
    groups = grouping.groups
    yield panel_size, panel_size, range(len(groups))
    names = [name.lower() for name in grouping.features]
    for feature, category, quota in iterate_feature_collection(features):
        f = names.index(feature.lower())
        members = [g for g, group in enumerate(groups) if group.categories[f] == category.lower()]
        yield quota.min, quota.max, members
    for shared in grouping.shared:
        yield -highspy.kHighsInf, groups[shared[0]].capacity, shared
