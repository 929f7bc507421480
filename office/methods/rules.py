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


@dataclass(frozen=True)
class MethodFacts:
    """What the finder compares of a method card."""

    goals: tuple[str, ...]
    level: str
    group_min: int
    group_max: int
    cost_min: Decimal
    duration_weeks: int


def method_fits(method: MethodFacts, needs: Needs) -> bool:
    """A method fits when it serves the goal at the level, the expected number of participants
    lies within its group size, its lowest typical cost is within the budget and its typical
    duration within the time available. (Office toolkit practice: cost and time are minimums.)"""
    if needs.goal and needs.goal not in method.goals:
        return False
    if needs.level and needs.level != method.level:
        return False
    if needs.participants is not None and not (
        method.group_min <= needs.participants <= method.group_max
    ):
        return False
    if needs.budget is not None and method.cost_min > needs.budget:
        return False
    return needs.weeks is None or method.duration_weeks <= needs.weeks
