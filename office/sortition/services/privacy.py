"""Purging personal data after the retention period."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from office.extensions import db
from office.sortition.models import (
    Assembly,
    RegisterEntry,
    Respondent,
    SelectionRun,
)

# --- privacy ------------------------------------------------------------------------------


def purge_due(now: datetime) -> list[Assembly]:
    """Assemblies whose personal data are due for deletion (end date + purge period passed)."""
    today = now.date()
    out = []
    for a in db.session.scalars(
        sa.select(Assembly).filter(Assembly.purged_at.is_(None), Assembly.ends_on.is_not(None))
    ):
        if a.ends_on + timedelta(days=a.purge_after_days) <= today:
            out.append(a)
    return out


def purge_assembly(assembly: Assembly, now: datetime) -> None:
    """Delete register and pool; keep the anonymous quota tables and probability profiles."""
    db.session.execute(sa.delete(RegisterEntry).filter_by(assembly_id=assembly.id))
    db.session.execute(sa.delete(Respondent).filter_by(assembly_id=assembly.id))
    runs = db.session.scalars(sa.select(SelectionRun).filter_by(assembly_id=assembly.id))
    for run in runs:
        run.result = None
        for r in list(run.replacements):
            db.session.delete(r)
    assembly.purged_at = now
    db.session.flush()
