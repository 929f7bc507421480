"""The selection itself: from a pool and quotas to a distribution, a panel and reserves.

No Flask and no database: the service layer passes plain data in and stores what comes out.
The pool and quota model, the committee integer programs, maximin and Nash come from
`sortition-algorithms` (GPL-3.0); LEXIMIN runs on HiGHS (`office.sortition.selection.leximin`), on groups
of interchangeable respondents, so its committees are counts per group and the draw picks the
members within each group.
No algorithm is ever swapped for another: the outcome names the algorithm and solvers that ran.
"""

import importlib.metadata
import importlib.util
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sortition_algorithms import errors as sa_errors
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    find_distribution_nash,
)
from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import CaseInsensitiveDict, set_random_provider

from office.sortition import rules
from office.sortition.selection import verify
from office.sortition.selection.grouping import Group, Grouping
from office.sortition.selection.leximin import (
    Cancelled,
    LeximinStats,
    find_distribution_leximin_highs,
)

ALGORITHMS = ("leximin", "maximin", "nash")
HOUSEHOLD_COLUMN = "household"
MIP_AVAILABLE = importlib.util.find_spec("mip") is not None
#: committee integer programs: CBC is about 3x faster than HiGHS on them (see docs/sortition.md)
DEFAULT_ILP_BACKEND = "mip-cbc" if MIP_AVAILABLE else "highspy"
ILP_NAMES = {"mip-cbc": "CBC", "highspy": "HiGHS", "mip-highs": "HiGHS", "mip": "CBC"}


def library_version() -> str:
    return importlib.metadata.version("sortition-algorithms")


def solver_description(algorithm: str, ilp_backend: str) -> str:
    ilp = ILP_NAMES.get(ilp_backend, ilp_backend)
    if algorithm == "leximin":
        # LEXIMIN's committee programs are its own (counts per group), always on HiGHS
        return f"HiGHS {_highs_version()} (LP and committees)"
    if algorithm == "nash":
        return f"cvxpy (convex program), {ilp} (committees)"
    return f"{ilp} (LP and committees)"


def _highs_version() -> str:
    try:
        return importlib.metadata.version("highspy")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - highspy is a dependency
        return ""


class InfeasibleQuotas(Exception):  # noqa: N818 - domain name
    """No panel meets every quota; `relaxations` say which categories to change and by how much."""

    def __init__(self, relaxations: list[rules.Relaxation]):
        self.relaxations = relaxations
        super().__init__("; ".join(str(r) for r in relaxations))


@dataclass
class Outcome:
    algorithm: str
    solver: str
    library_version: str
    panel: list[str]
    reserves: list[str]
    probabilities: dict[str, float]
    committees: int
    seconds: float
    stats: dict = field(default_factory=dict)

    @property
    def lowest(self) -> float:
        return min(self.probabilities.values())

    @property
    def median(self) -> float:
        return statistics.median(self.probabilities.values())


def build_pool(
    pool: list[rules.Respondent], quotas: list[rules.Quota]
) -> tuple[dict, People, list[str]]:
    """The library's feature collection and people from our pool and quotas."""
    features: dict = CaseInsensitiveDict()
    for q in quotas:
        features.setdefault(q.feature, CaseInsensitiveDict())[q.category] = FeatureValueMinMax(
            min=q.minimum, max=q.maximum
        )
    set_default_max_flex(features)  # lets the library suggest relaxations of infeasible quotas
    people = People([HOUSEHOLD_COLUMN])
    for row, person in enumerate(sorted(pool, key=lambda p: p.key), start=1):
        data = {name: person.features.get(name, "") for name in features}
        # without a household key a respondent shares a household with no one
        data[HOUSEHOLD_COLUMN] = person.household or f"#{person.key}"
        people.add(person.key, data, features, row)
    return features, people, [HOUSEHOLD_COLUMN]


class _Reporter:
    """The library's ProgressReporter protocol on top of our callback."""

    def __init__(self, callback, start=0.05, end=0.95):
        self.callback, self.start, self.end = callback, start, end
        self.total = None

    def start_phase(self, name, total=None, *, message=None):
        self.total = total
        self.callback(self.start, message or name)

    def update(self, current, *, message=None):
        share = min(1.0, current / self.total) if self.total else 0.5
        self.callback(self.start + (self.end - self.start) * share, message or "")

    def end_phase(self):
        pass


#: the computation's own randomness (initial committees, CBC) is fixed, so the distribution
#: does not depend on the seed, which is only known after the distribution is published
COMPUTATION_SEED = 1


@dataclass
class Computed:
    """A distribution over panels, before any seed: what the office publishes and commits to."""

    algorithm: str
    solver: str
    library_version: str
    #: verify.py's distribution: groups of interchangeable people and compositions (counts)
    document: dict
    probabilities: dict[str, float]
    seconds: float
    stats: dict = field(default_factory=dict)

    @property
    def committees(self) -> int:
        return len(self.document["committees"])


def compute(
    pool: list[rules.Respondent],
    quotas: list[rules.Quota],
    panel_size: int,
    *,
    algorithm: str = "leximin",
    household_rule: bool = False,
    ilp_backend: str = DEFAULT_ILP_BACKEND,
    progress: Callable[[float, str], None] | None = None,
    initial_rounds: int | None = None,
) -> Computed:
    """The fairest distribution over panels by `algorithm`, independent of any seed.

    Raises InfeasibleQuotas (with suggested relaxations) or Cancelled (from `progress`).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm}")
    report = progress or (lambda fraction, message: None)
    set_random_provider(COMPUTATION_SEED)  # the library's multiplicative weights and CBC
    started = time.perf_counter()
    features, people, household_columns = build_pool(pool, quotas)
    columns = household_columns if household_rule else []
    stats: dict = {}
    try:
        if algorithm == "leximin":
            lex = LeximinStats()
            distribution = find_distribution_leximin_highs(
                features, people, panel_size, columns, report, lex, initial_rounds, COMPUTATION_SEED
            )
            stats = vars(lex)
            grouping, committees = distribution.grouping, distribution.committees
            probabilities = distribution.probabilities
        else:
            finder = find_distribution_maximin if algorithm == "maximin" else find_distribution_nash
            committees, probabilities, _report = finder(
                features,
                people,
                panel_size,
                columns,
                ilp_backend,
                progress_reporter=_Reporter(report),
            )
            grouping, committees = singleton_grouping(list(people)), _as_counts(committees, people)
    except sa_errors.InfeasibleQuotasError as err:
        raise InfeasibleQuotas(rules.relaxations_between(quotas, err.features)) from err
    except sa_errors.InfeasibleQuotasCantRelaxError as err:
        raise InfeasibleQuotas([]) from err
    finally:
        set_random_provider(None)
    document = distribution_document(grouping, committees, probabilities, panel_size)
    report(1.0, "done")
    return Computed(
        algorithm=algorithm,
        solver=solver_description(algorithm, ilp_backend),
        library_version=library_version(),
        document=document,
        probabilities=dict.fromkeys(people, 0.0) | verify.marginals(document),
        seconds=time.perf_counter() - started,
        stats=stats,
    )


def singleton_grouping(keys: list[str]) -> Grouping:
    """Everyone their own group (for the library's algorithms, whose panels list people)."""
    return Grouping((), tuple(Group((), i, ((key,),)) for i, key in enumerate(sorted(keys))), ())


def _as_counts(committees, people) -> list[tuple[tuple[int, int], ...]]:
    index = {key: i for i, key in enumerate(sorted(people))}
    return [tuple(sorted((index[key], 1) for key in committee)) for committee in committees]


def distribution_document(grouping: Grouping, committees, probabilities, panel_size: int) -> dict:
    """verify.py's distribution: compositions with a probability, in a canonical order."""
    kept = [(tuple(c), p) for c, p in zip(committees, probabilities, strict=True) if p > 1e-9]
    total = sum(p for _c, p in kept)
    return {
        "panel_size": panel_size,
        "groups": grouping.published(),
        "committees": [
            {"probability": p / total, "counts": [list(gc) for gc in c]} for c, p in sorted(kept)
        ],
    }


def select(
    pool: list[rules.Respondent],
    quotas: list[rules.Quota],
    panel_size: int,
    *,
    seed: str,
    reserve_size: int = 0,
    **options,
) -> Outcome:
    """Compute the distribution (see `compute`), then draw the panel and reserves with `seed`."""
    computed = compute(pool, quotas, panel_size, **options)
    panel, reserves = verify.draw(computed.document, seed, reserve_size)
    return Outcome(
        algorithm=computed.algorithm,
        solver=computed.solver,
        library_version=computed.library_version,
        panel=panel,
        reserves=reserves,
        probabilities=computed.probabilities,
        committees=computed.committees,
        seconds=computed.seconds,
        stats=computed.stats,
    )


def check_feasible(
    pool: list[rules.Respondent], quotas: list[rules.Quota], panel_size: int, household_rule: bool
) -> None:
    """Raise InfeasibleQuotas (with suggested relaxations) unless some panel meets every quota."""
    from sortition_algorithms.committee_generation.common import setup_committee_generation

    features, people, columns = build_pool(pool, quotas)
    try:
        setup_committee_generation(
            features, people, panel_size, columns if household_rule else [], DEFAULT_ILP_BACKEND
        )
    except sa_errors.InfeasibleQuotasError as err:
        raise InfeasibleQuotas(rules.relaxations_between(quotas, err.features)) from err
    except sa_errors.InfeasibleQuotasCantRelaxError as err:
        raise InfeasibleQuotas([]) from err


__all__ = [
    "ALGORITHMS",
    "Cancelled",
    "Computed",
    "InfeasibleQuotas",
    "Outcome",
    "compute",
    "select",
]
