"""The rules of a stratified lottery, as pure functions (no Flask, no database).

Sources: Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596 (2021); the Sortition Foundation's practice (quotas as minimum and
maximum seats per category, at most one person per household, reserves drawn like the panel).
"""

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import floor


@dataclass(frozen=True)
class Respondent:
    """Someone in the pool: a key, a category per feature, and a household key (or None)."""

    key: str
    features: dict = field(hash=False, compare=False)
    household: str | None = None


@dataclass(frozen=True)
class Quota:
    feature: str
    category: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Problem:
    """Why the quotas cannot be met; `kind` picks the message, the rest fills it in."""

    kind: str  # "minimums_exceed_panel", "maximums_below_panel", "too_few_respondents", "min_above_max"
    feature: str
    category: str = ""
    amount: int = 0  # seats missing or in excess
    available: int = 0


@dataclass(frozen=True)
class Relaxation:
    """A quota the solver suggests changing so a panel exists."""

    feature: str
    category: str
    bound: str  # "minimum" or "maximum"
    current: int
    suggested: int

    def __str__(self):
        return f"{self.feature}/{self.category} {self.bound} {self.current} → {self.suggested}"


# --- quotas ---------------------------------------------------------------------------------


def seats_from_shares(shares: dict[str, float], panel_size: int) -> dict[str, int]:
    """Target seats per category proportional to population shares (largest remainder).

    The targets add up to the panel size exactly; ties go to the larger share, then by name.
    """
    total = sum(shares.values())
    if total <= 0:
        return dict.fromkeys(shares, 0)
    exact = {c: panel_size * s / total for c, s in shares.items()}
    seats = {c: floor(v) for c, v in exact.items()}
    left = panel_size - sum(seats.values())
    by_remainder = sorted(shares, key=lambda c: (-(exact[c] - seats[c]), -shares[c], c))
    for c in by_remainder[:left]:
        seats[c] += 1
    return seats


def quotas_from_shares(
    feature: str, shares: dict[str, float], panel_size: int, tolerance: int
) -> list[Quota]:
    """Minimum and maximum seats per category: the proportional target ± `tolerance` seats."""
    targets = seats_from_shares(shares, panel_size).items()
    return [Quota(feature, c, *_around(t, tolerance, panel_size)) for c, t in targets]


def _around(target: int, tolerance: int, panel_size: int) -> tuple[int, int]:
    """Target ± tolerance seats, within 0 and the panel size."""
    return max(0, target - tolerance), min(panel_size, target + tolerance)


def quota_problems(
    quotas: Sequence[Quota], pool: Sequence[Respondent], panel_size: int
) -> list[Problem]:
    """Reasons, per feature and category, why no panel can meet the quotas (empty: none found).

    Checked before any run: a minimum above its maximum; per feature, minimums adding up to more
    than the panel or maximums to less; a minimum above the number of respondents in the
    category (including categories nobody is in).
    """
    problems: list[Problem] = []
    counts = category_counts(pool)
    by_feature: dict[str, list[Quota]] = {}
    for q in quotas:
        by_feature.setdefault(q.feature, []).append(q)
    for feature, items in by_feature.items():
        for q in items:
            if q.minimum > q.maximum:
                problems.append(
                    Problem("min_above_max", feature, q.category, q.minimum - q.maximum)
                )
            available = counts.get((feature, q.category), 0)
            if q.minimum > available:
                problems.append(
                    Problem(
                        "too_few_respondents",
                        feature,
                        q.category,
                        q.minimum - available,
                        available,
                    )
                )
        low = sum(q.minimum for q in items)
        high = sum(min(q.maximum, counts.get((feature, q.category), 0)) for q in items)
        if low > panel_size:
            problems.append(Problem("minimums_exceed_panel", feature, amount=low - panel_size))
        if high < panel_size:
            problems.append(Problem("maximums_below_panel", feature, amount=panel_size - high))
    return problems


def relaxations_between(quotas: Sequence[Quota], relaxed) -> list[Relaxation]:
    """The changes between our quotas and the library's suggested relaxed feature collection."""
    out = []
    for q in quotas:
        new = relaxed[q.feature][q.category]
        if new.min != q.minimum:
            out.append(Relaxation(q.feature, q.category, "minimum", q.minimum, new.min))
        if new.max != q.maximum:
            out.append(Relaxation(q.feature, q.category, "maximum", q.maximum, new.max))
    return out


def category_counts(pool: Iterable[Respondent]) -> Counter:
    counts: Counter = Counter()
    for person in pool:
        for feature, category in person.features.items():
            counts[(feature, category)] += 1
    return counts


def quota_violations(
    panel: Iterable[str], pool: dict[str, Respondent], quotas: Sequence[Quota]
) -> list[tuple[Quota, int]]:
    """Quotas the panel breaks, with the number of seats it has in the category."""
    counts = category_counts(pool[key] for key in panel)
    seats = [(q, counts.get((q.feature, q.category), 0)) for q in quotas]
    return [(q, n) for q, n in seats if not q.minimum <= n <= q.maximum]


def household_clashes(panel: Iterable[str], pool: dict[str, Respondent]) -> list[str]:
    """Household keys with more than one member on the panel."""
    counts = Counter(pool[k].household for k in panel if pool[k].household)
    return sorted(h for h, n in counts.items() if n > 1)


def lowest_probability_bound(
    quotas: Sequence[Quota], pool: Sequence[Respondent], panel_size: int
) -> float:
    """Upper bound on the lowest selection probability the quotas allow.

    Everyone in a category shares at most its maximum seats, so someone in it has a chance of at
    most maximum / respondents in it; overall at most panel size / pool size.
    """
    if not pool:
        return 0.0
    counts = category_counts(pool)
    bound = panel_size / len(pool)
    for q in quotas:
        n = counts.get((q.feature, q.category), 0)
        if n:
            bound = min(bound, q.maximum / n)
    return bound


# --- lotteries ------------------------------------------------------------------------------


def invitation_lottery(
    entries: Sequence[tuple],
    count: int,
    rng: random.Random,
    one_per_household: bool,
    weights: dict[str, float] | None = None,
) -> list[str]:
    """Draw `count` register entries at random, in draw order.

    `entries` are (id, household key[, stratum]). Entries are sorted by id first, so the same
    file and seed give the same draw whatever order the rows come in. Each entry gets a random
    number u in [0, 1); the entries are taken in descending order of u ** (1 / weight)
    (Efraimidis and Spirakis, weighted random sampling, 2006): with equal weights that is a
    uniform random order, and a stratum with weight 2 is about twice as likely to be invited
    (a stratified lottery: more invitations where fewer people answer). With
    `one_per_household`, a household is drawn at most once (the first of its members in the
    order).
    """
    ordered = sorted(entries, key=lambda e: e[0])
    keys = []
    for i, entry in enumerate(ordered):
        u = rng.random()
        weight = (weights or {}).get(entry[2] if len(entry) > 2 else None, 1.0)
        keys.append((u ** (1 / weight) if weight > 0 else -1.0, -i))
    order = sorted(range(len(ordered)), key=lambda i: keys[i], reverse=True)
    drawn, households = [], set()
    for i in order:
        key, household = ordered[i][0], ordered[i][1]
        if keys[i][0] < 0:
            break
        if one_per_household and household:
            if household in households:
                continue
            households.add(household)
        drawn.append(key)
        if len(drawn) == count:
            break
    return drawn


ANSWERS = ("yes", "no", "unreachable", "withdrew")


def response_table(rows: Iterable[tuple[str | None, bool, str | None]]) -> dict[str, dict]:
    """Per stratum: people in the register, invited, each answer, no answer, response rate.

    `rows` are (stratum, invited, answer) of every register entry; the response rate is the
    share of the invited who said yes (and so joined the pool).
    """
    table: dict[str, dict] = {}
    for stratum, invited, answer in rows:
        row = table.setdefault(
            stratum or "", {"register": 0, "invited": 0, "none": 0} | dict.fromkeys(ANSWERS, 0)
        )
        row["register"] += 1
        if invited:
            row["invited"] += 1
            row[answer or "none"] += 1
    for row in table.values():
        row["rate"] = row["yes"] / row["invited"] if row["invited"] else None
    return dict(sorted(table.items()))


@dataclass(frozen=True)
class Candidate:
    """Someone who could take a seat, and the quotas the panel would then break."""

    key: str
    #: "reserve" (drawn in order) or "pool" (any other respondent)
    source: str
    #: (quota, seats the category would have) for every quota broken
    broken: tuple[tuple[Quota, int], ...] = ()

    @property
    def keeps_quotas(self) -> bool:
        return not self.broken

    @property
    def seats_off(self) -> int:
        """By how many seats the broken quotas are missed, in total."""
        return sum(max(q.minimum - n, n - q.maximum, 0) for q, n in self.broken)


def replacement_candidates(
    dropped: str,
    panel: Sequence[str],
    sources: dict[str, Sequence[str]],
    pool: dict[str, Respondent],
    quotas: Sequence[Quota],
    household_rule: bool,
) -> list[Candidate]:
    """Everyone who could replace `dropped`, best first.

    `sources` lists the candidates by where they come from: {"reserve": [...] in drawn order,
    "pool": [...]}.

    Candidates who keep every quota come first (reserves in their drawn order, then the rest of
    the pool), then those who break the fewest quotas by the fewest seats. The household rule
    is not a quota: under it, someone whose household already has a seat is no candidate (the
    household of the member who left becomes eligible again).
    """
    rest = [k for k in panel if k != dropped]
    out = []
    for source, keys in sources.items():
        for key in keys:
            if key in rest or key == dropped or key not in pool:
                continue
            trial = [*rest, key]
            if household_rule and household_clashes(trial, pool):
                continue
            out.append(Candidate(key, source, tuple(quota_violations(trial, pool, quotas))))
    order = {c.key: i for i, c in enumerate(out)}
    return sorted(out, key=lambda c: (len(c.broken), c.seats_off, order[c.key]))
