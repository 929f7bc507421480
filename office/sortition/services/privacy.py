"""Purging personal data after the retention period."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.jobs import in_turn
from office.extensions import db
from office.sortition.models import (
    Assembly,
    RegisterEntry,
    Respondent,
    SelectionRun,
)
from office.sortition.services.invitations import freeze_answers

# --- privacy ------------------------------------------------------------------------------


def purge_due(now: datetime) -> list[Assembly]:
    """Assemblies whose personal data are due for deletion (end date + purge period passed)."""
    ended = sa.select(Assembly).filter(Assembly.purged_at.is_(None), Assembly.ends_on.is_not(None))
    return [a for a in db.session.scalars(ended) if _purge_day(a) <= now.date()]


def _purge_day(assembly: Assembly) -> date:
    """The day the assembly's personal data are to be deleted: its purge period after its end."""
    return assembly.ends_on + timedelta(days=assembly.purge_after_days)


def purge_due_assemblies(now: datetime, each=in_turn) -> list[str]:
    """Purge every assembly that is due (`each` as in `office.core.jobs`: one assembly at a
    time); the slugs of those purged."""

    def purge(assembly_id: int) -> str:
        assembly = db.session.get(Assembly, assembly_id)
        purge_assembly(assembly, now)
        return assembly.slug

    return each([a.id for a in purge_due(now)], purge, "assembly {}")


def purge_assembly(assembly: Assembly, now: datetime, actor=None) -> None:
    """Delete the personal data; keep the public record exactly.

    Register extract, pool, the personal part of results and the ids in replacements go, and
    so does the pseudonym key. Attempts, their published files, quota snapshots, probability
    profiles and replacements (pseudonyms, features, reasons, quota effects) stay.
    """
    if assembly.purged_at is not None:
        raise DomainError(_l("The personal data of this assembly have been purged."))
    freeze_answers(assembly)
    db.session.execute(sa.delete(RegisterEntry).filter_by(assembly_id=assembly.id))
    db.session.execute(sa.delete(Respondent).filter_by(assembly_id=assembly.id))
    for run in db.session.scalars(sa.select(SelectionRun).filter_by(assembly_id=assembly.id)):
        run.result = None
        for r in run.replacements:
            r.dropped_external_id = r.replacement_external_id = ""
    assembly.pseudonym_key = None
    assembly.purged_at = now
    record("sortition.purge", assembly, actor, now=now)
    db.session.flush()
