"""Selection runs, their verified results, and replacements of drop-outs."""

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db
from office.sortition import rules
from office.sortition.models import (
    Assembly,
    SelectionRun,
)
from office.sortition.selection import engine
from office.sortition.services.assemblies import _require_not_purged
from office.sortition.services.errors import QuotasInfeasible
from office.sortition.services.pool import (
    feasibility_problems,
    rule_pool,
    rule_quotas,
)

# --- selection runs ----------------------------------------------------------------------


def checksum(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def pool_checksum(pool: list[rules.Respondent]) -> str:
    return checksum([[p.key, p.features, p.household] for p in sorted(pool, key=lambda p: p.key)])


def quota_snapshot(assembly: Assembly) -> list[dict]:
    return [
        {
            "feature": q.feature,
            "category": q.category,
            "minimum": q.minimum,
            "maximum": q.maximum,
            "population_share": q.population_share,
        }
        for q in assembly.quotas
    ]


def _runs_of(assembly: Assembly) -> sa.Select:
    """The attempts of the assembly, in no particular order."""
    return sa.select(SelectionRun).filter_by(assembly_id=assembly.id)


def active_run(assembly: Assembly) -> SelectionRun | None:
    unfinished = SelectionRun.status.in_(("queued", "running"))
    return db.session.scalar(_runs_of(assembly).filter(unfinished).order_by(SelectionRun.id.desc()))


def latest_result(assembly: Assembly) -> SelectionRun | None:
    """The attempt that counts: the last one drawn."""
    drawn = _runs_of(assembly).filter(SelectionRun.drawn_at.is_not(None))
    return db.session.scalar(drawn.order_by(SelectionRun.attempt.desc()))


def attempts(assembly: Assembly) -> list[SelectionRun]:
    """Every attempt of the assembly, first to last."""
    return list(db.session.scalars(_runs_of(assembly).order_by(SelectionRun.attempt)))


def start_run(
    assembly: Assembly, algorithm: str, reason: str, actor, now: datetime
) -> SelectionRun:
    """Queue a new attempt after checking the quotas; the worker computes it in the background.

    Attempts are numbered and never changed; every attempt after the first needs a reason.
    """
    _require_not_purged(assembly)
    if algorithm not in engine.ALGORITHMS:
        raise DomainError(_l("Choose an algorithm."), field="algorithm")
    attempt = len(attempts(assembly)) + 1
    if attempt > 1 and not reason.strip():
        raise DomainError(
            _l("Say why the selection is run again; the reason is published."), field="reason"
        )
    if active_run(assembly) is not None:
        raise DomainError(_l("A selection is running already."))
    problems = feasibility_problems(assembly)
    if problems:
        raise QuotasInfeasible(problems=problems)
    pool = rule_pool(assembly)
    try:  # one integer program: cheap, and nothing is queued that cannot succeed
        engine.check_feasible(
            pool, rule_quotas(assembly), assembly.panel_size, assembly.household_rule
        )
    except engine.InfeasibleQuotas as err:
        raise QuotasInfeasible(relaxations=err.relaxations) from err
    snapshot = quota_snapshot(assembly)
    run = SelectionRun(
        assembly_id=assembly.id,
        algorithm=algorithm,
        attempt=attempt,
        reason=reason.strip(),
        reserve_size=assembly.reserve_size,
        household_rule=assembly.household_rule,
        panel_size=assembly.panel_size,
        pool_checksum=pool_checksum(pool),
        quota_checksum=checksum(snapshot),
        quota_snapshot=snapshot,
        library_version=engine.library_version(),
        solver=engine.solver_description(algorithm, engine.DEFAULT_ILP_BACKEND),
        created_by_id=actor.id if actor is not None else None,
        progress_message="queued",
    )
    db.session.add(run)
    record(
        "sortition.run",
        assembly,
        actor,
        now=now,
        attempt=attempt,
        algorithm=algorithm,
        pool=run.pool_checksum,
    )
    db.session.flush()
    return run


def request_cancel(run: SelectionRun, stale_before: datetime | None = None) -> None:
    """Ask the worker to stop; a queued run, or one whose worker died, stops at once."""
    if run.finished:
        raise DomainError(_l("This selection has finished already."))
    run.cancel_requested = True
    if run.status == "queued" or _worker_died(run, stale_before):
        run.status = "cancelled"
    db.session.flush()


def _worker_died(run: SelectionRun, stale_before: datetime | None) -> bool:
    """A running attempt whose worker has not reported since `stale_before`."""
    if stale_before is None or run.status != "running":
        return False
    return run.heartbeat_at is None or run.heartbeat_at < stale_before
