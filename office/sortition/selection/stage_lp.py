"""LEXIMIN's linear programs on HiGHS: the warm-started stage LP and the final distribution LP."""

import highspy
import numpy as np

from office.sortition.selection.committee_program import highs
from office.sortition.selection.grouping import Committee

#: a warm-started stage LP runs the primal simplex without bound perturbation (measured on the
#: 1,000-respondent case: 17 instead of 2,546 iterations for the same new columns); should it
#: stall, it stops after this many iterations per row and runs again with perturbation
UNPERTURBED_ITERATIONS_PER_ROW = 5


class StageLP:
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
        h = self.h = highs()
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

    def aim(self, target) -> None:
        """Turn the LP into: maximise z with Σ_P (c_g(P) / size_g) x_P - z ≥ p_g for every
        group, z free. Its optimum is 0 exactly when a lottery over the known committees gives
        every group its `target` probability (it cannot be above: the expected seats add up to
        the panel size either way), and pricing prices committees for it as for a stage."""
        self.h.changeColBounds(0, -highspy.kHighsInf, highspy.kHighsInf)
        for g, p in enumerate(target):
            self.h.changeRowBounds(1 + g, float(p), highspy.kHighsInf)

    def lottery(self) -> list[float]:
        """The current solution's probability of each known committee."""
        x = np.array(self.h.getSolution().col_value)[1:].clip(0.0, 1.0)
        return list(x / x.sum())

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

    def likely(self, count: int) -> list[int]:
        """Indices of the (at most `count`) committees with the largest probability."""
        x = np.array(self.h.getSolution().col_value)[1:]
        return [int(j) for j in np.argsort(-x, kind="stable")[:count] if x[j] > 1e-9]

    def solution(self) -> tuple[np.ndarray, float, float]:
        """Weights y per group, the cap (the dual of Σ x = 1) and the lowest unfixed probability."""
        solution = self.h.getSolution()
        duals = np.array(solution.row_dual)
        return duals[1:], float(-duals[0]), float(solution.col_value[0])

    def iterations(self) -> int:
        return self.h.getInfo().simplex_iteration_count


def primal_distribution(committees: list[Committee], target, sizes) -> list[float]:
    """Probabilities of the committees that give every group (almost exactly) its probability.

    minimise ε  s.t.  Σ_P x_P = 1,  Σ_P x_P c_g(P) / size_g ≥ p_g - ε,  x ≥ 0 (as the library).
    """
    m = len(committees)
    h = highs()
    inf = highspy.kHighsInf
    h.addVars(m + 1, np.zeros(m + 1), np.full(m + 1, inf))
    costs = np.zeros(m + 1)
    costs[m] = 1.0
    h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), costs)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    for g, entries in enumerate(_group_rows(committees, sizes)):
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


def _group_rows(committees: list[Committee], sizes) -> list[list[tuple[int, float]]]:
    """Per group, (committee index, share of the group on it) for every committee seating it."""
    rows: list[list[tuple[int, float]]] = [[] for _ in range(len(sizes))]
    for j, committee in enumerate(committees):
        for g, count in committee:
            rows[g].append((j, count / sizes[g]))
    return rows


class DualCenter:
    """The stage's dual weights with the lowest upper bound on its optimum so far.

    For weights y ≥ 0 with Σ_{g not fixed} y_g = 1, the stage's optimum is at most
    max_P Σ_g y_g c_g(P) / size_g - Σ_{g fixed} y_g p_g (weak duality)."""

    def __init__(self, fixed: dict[int, float]):
        self.groups = np.array(list(fixed), dtype=int)
        self.floors = np.array(list(fixed.values()))
        self.weights: np.ndarray | None = None
        self.bound = np.inf

    def bound_of(self, weights: np.ndarray, best_value: float) -> float:
        """The upper bound from `weights`, whose best committee is worth at most `best_value`."""
        return best_value - float(weights[self.groups] @ self.floors)

    def update(self, weights: np.ndarray, best_value: float) -> None:
        bound = self.bound_of(weights, best_value)
        if bound < self.bound:
            self.weights, self.bound = weights.copy(), bound
