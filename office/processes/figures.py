"""The catalogue's figures for the evaluation reports (office/reports/registry.py)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import Figure, Period, register_figure
from office.extensions import db
from office.methods.labels import LEVEL_LABELS
from office.methods.models import LEVELS
from office.processes.labels import STATUS_LABELS
from office.processes.models import PROCESS_STATUSES, Process


def processes_by_status_and_level(period: Period) -> list[tuple]:
    """Every process in the catalogue now (a stock, not a flow: the period does not filter)."""
    counts = dict(
        ((status, level), n)
        for status, level, n in db.session.execute(
            sa.select(Process.status, Process.level, sa.func.count()).group_by(
                Process.status, Process.level
            )
        )
    )
    return [
        (str(STATUS_LABELS[s]), *(counts.get((s, level), 0) for level in LEVELS))
        for s in PROCESS_STATUSES
    ]


register_figure(
    Figure(
        key="processes-by-status-and-level",
        title=_l("Processes by status and participation level"),
        columns=(_l("Status"), *(LEVEL_LABELS[level] for level in LEVELS)),
        rows=processes_by_status_and_level,
        chart="stacked",
        order=60,
        description=_l("All processes in the catalogue today, public and internal."),
    )
)
