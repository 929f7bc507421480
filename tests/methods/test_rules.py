from decimal import Decimal

import pytest

from office.methods.rules import MethodFacts, Needs, method_fits

ASSEMBLY = MethodFacts(
    goals=("recommendations",),
    level="involve",
    group_min=30,
    group_max=160,
    cost_min=Decimal("60000"),
    duration_weeks=30,
)


@pytest.mark.parametrize(
    ("needs", "fits"),
    [
        (Needs(), True),
        (Needs(goal="recommendations"), True),
        (Needs(goal="feedback"), False),
        (Needs(level="involve"), True),
        (Needs(level="consult"), False),
        (Needs(participants=30), True),  # lower boundary
        (Needs(participants=160), True),  # upper boundary
        (Needs(participants=29), False),
        (Needs(participants=161), False),
        (Needs(budget=Decimal("60000")), True),  # exactly the lowest typical cost
        (Needs(budget=Decimal("59999")), False),
        (Needs(weeks=30), True),
        (Needs(weeks=29), False),
    ],
)
def test_method_fits_goal_level_size_budget_time(needs, fits):
    assert method_fits(ASSEMBLY, needs) is fits
