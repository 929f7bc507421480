"""Refusal messages and the local day shared by the board operations."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from office.core.clock import office_tz
from office.governance.labels import (  # noqa: F401 - the labels' old address
    ABSTENTION_LABELS,
    CHOICE_LABELS,
    FUNCTION_LABELS,
    GROUP_LABELS,
    MAJORITY_LABELS,
    OUTCOME_LABELS,
    QUORUM_LABELS,
    TIE_LABELS,
)

REFUSALS = {
    "decided": _l("This item has been decided already; votes are closed."),
    "not_in_office": _l("Only members whose term runs on the day of the vote may vote."),
    "conflict": _l(
        "You have declared a conflict of interest for this item and are excluded from its vote."
    ),
    "deadline_passed": _l("The deadline of this written procedure has passed; votes are closed."),
    "not_begun": _l(
        "The meeting has not begun yet; attendance, votes and decisions are recorded "
        "from its start."
    ),
}


def local_day(moment: datetime) -> date:
    return moment.astimezone(office_tz()).date()
