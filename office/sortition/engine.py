"""The selection itself: from a pool and quotas to a distribution, a panel and reserves.

No Flask and no database: the service layer passes plain data in and stores what comes out.
The pool and quota model, the committee integer programs, maximin and Nash come from
`sortition-algorithms` (GPL-3.0); LEXIMIN runs on HiGHS (`office.sortition.leximin`), on groups
of interchangeable respondents, so its committees are counts per group and the draw picks the
members within each group.
No algorithm is ever swapped for another: the outcome names the algorithm and solvers that ran.
"""

import hashlib
import importlib.metadata
import importlib.util
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sortition_algorithms import errors as sa_errors
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    find_distribution_nash,
    standardize_distribution,
)
from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import CaseInsensitiveDict, set_random_provider

from office.sortition import rules
from office.sortition.leximin import Cancelled, LeximinStats, find_distribution_leximin_highs

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


def seed_to_int(seed: str) -> int:
    """A published seed (any text) as a 63-bit integer; the same text always gives the same draw."""
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") >> 1


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


def select(
    pool: list[rules.Respondent],
    quotas: list[rules.Quota],
    panel_size: int,
    *,
    algorithm: str = "leximin",
    seed: str,
    household_rule: bool = False,
    reserve_size: int = 0,
    ilp_backend: str = DEFAULT_ILP_BACKEND,
    progress: Callable[[float, str], None] | None = None,
    initial_rounds: int | None = None,
) -> Outcome:
    """Compute the fairest distribution by `algorithm`, then draw the panel and reserves with `seed`.

    Raises InfeasibleQuotas (with suggested relaxations) or Cancelled (from `progress`).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm}")
    report = progress or (lambda fraction, message: None)
    number = seed_to_int(seed)
    # the library's multiplicative-weights phase and CBC take their randomness from here
    set_random_provider(number % (2**31 - 1) or 1)
    started = time.perf_counter()
    features, people, household_columns = build_pool(pool, quotas)
    columns = household_columns if household_rule else []
    stats: dict = {}
    realize, everyone = None, None
    try:
        if algorithm == "leximin":
            lex = LeximinStats()
            distribution = find_distribution_leximin_highs(
                features, people, panel_size, columns, report, lex, initial_rounds, number
            )
            stats = vars(lex)
            committees, probabilities = distribution.committees, distribution.probabilities
            realize = distribution.grouping.realize
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
    except sa_errors.InfeasibleQuotasError as err:
        raise InfeasibleQuotas(rules.relaxations_between(quotas, err.features)) from err
    except sa_errors.InfeasibleQuotasCantRelaxError as err:
        raise InfeasibleQuotas([]) from err
    finally:
        set_random_provider(None)
    committees, probabilities = standardize_distribution(committees, probabilities)
    # a canonical order, so the draw does not depend on Python's set ordering
    order = sorted(range(len(committees)), key=lambda j: sorted(committees[j]))
    committees = [committees[j] for j in order]
    probabilities = [probabilities[j] for j in order]
    if algorithm == "leximin":
        distribution.committees, distribution.probabilities = committees, probabilities
        marginals = dict.fromkeys(people, 0.0) | distribution.marginals()
        everyone = {key for key, p in marginals.items() if p > 0}
    else:
        marginals = dict.fromkeys(people, 0.0)
        for committee, p in zip(committees, probabilities, strict=True):
            for key in committee:
                marginals[key] += p
    rng = random.Random(number)  # noqa: S311 - reproducible from the published seed on purpose
    panel, reserves = rules.draw_panel_and_reserves(
        committees, probabilities, reserve_size, rng, realize, everyone
    )
    report(1.0, "done")
    return Outcome(
        algorithm=algorithm,
        solver=solver_description(algorithm, ilp_backend),
        library_version=library_version(),
        panel=panel,
        reserves=reserves,
        probabilities=marginals,
        committees=len(committees),
        seconds=time.perf_counter() - started,
        stats=stats,
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


__all__ = ["ALGORITHMS", "Cancelled", "InfeasibleQuotas", "Outcome", "select"]
