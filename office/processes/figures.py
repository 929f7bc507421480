"""The catalogue's figures for the evaluation reports (office/reports/registry.py)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import Figure, Period, district_rows, register_figure
from office.extensions import db
from office.methods.labels import LEVEL_LABELS
from office.methods.models import LEVELS
from office.processes.labels import STATUS_LABELS
from office.processes.models import PROCESS_STATUSES, Process, process_districts


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


def per_district(period: Period) -> list[tuple]:
    """Per district: processes running in the period (their first to last phase day overlaps
    it), and of those the public ones; citywide processes (no district) in a last row."""
    running = sa.and_(
        Process.starts_on < period.end,
        sa.func.coalesce(Process.ends_on, Process.starts_on) >= period.start,
    )
    district = process_districts.c.district_id
    public = sa.func.sum(sa.case((Process.is_public.is_(True), 1), else_=0))
    rows = db.session.execute(
        sa.select(district, sa.func.count(sa.distinct(Process.id)), public)
        .select_from(Process)
        .outerjoin(process_districts, process_districts.c.process_id == Process.id)
        .where(running)
        .group_by(district)
    ).all()
    return district_rows(
        {d: n for d, n, _p in rows}, {d: p for d, _n, p in rows}, none_label=_l("Citywide")
    )


register_figure(
    Figure(
        key="processes-per-district",
        title=_l("Processes per district"),
        columns=(_l("District"), _l("Processes running in the period"), _l("Of these public")),
        rows=per_district,
        chart="bar",
        order=61,
        description=_l(
            "A process counts in every district it names, citywide when it names none; "
            "it runs from its first to its last phase."
        ),
    )
)
