"""Which method fits? The finder's rule, as a pure function."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Needs:
    """What a process needs; None means "no preference"."""

    goal: str | None = None
    level: str | None = None
    participants: int | None = None
    budget: Decimal | None = None
    weeks: int | None = None


def method_fits(
    *,
    goals: list[str],
    level: str,
    group_min: int,
    group_max: int,
    cost_min: Decimal,
    duration_weeks: int,
    needs: Needs,
) -> bool:
    """A method fits when it serves the goal at the level, the expected number of participants
    lies within its group size, its lowest typical cost is within the budget and its typical
    duration within the time available. (Office toolkit practice: cost and time are minimums.)"""
    if needs.goal and needs.goal not in goals:
        return False
    if needs.level and needs.level != level:
        return False
    if needs.participants is not None and not group_min <= needs.participants <= group_max:
        return False
    if needs.budget is not None and cost_min > needs.budget:
        return False
    return needs.weeks is None or duration_weeks <= needs.weeks
