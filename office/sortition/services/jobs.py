"""Selections in the background: a detached worker process per run, plus a cron/systemd loop.

A run is a row in `sortition_runs`. The web view queues it and starts
`flask sortition run-job ID` in its own session, so the run outlives the request and a restart
of the web server. The worker claims the run with a token, writes progress and a heartbeat in
short transactions of its own, and checks the cancel flag at every progress step. A run whose
heartbeat is older than `SORTITION_STALE_SECONDS` (the worker died) is taken over by
`flask sortition worker` (or the next `run-job`) and started again from the same seed, which
gives the same result.
"""

import logging
import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.jobs import in_turn
from office.extensions import db
from office.sortition import rules
from office.sortition.models import Assembly, SelectionRun
from office.sortition.selection import engine
from office.sortition.services import pool as respondent_pool
from office.sortition.services import publication, runs

log = logging.getLogger(__name__)
STALE_SECONDS = 60
HEARTBEAT_SECONDS = 2.0


def stale_before():
    seconds = current_app.config.get("SORTITION_STALE_SECONDS", STALE_SECONDS)
    return utcnow() - timedelta(seconds=seconds)


def spawn_worker(run_id: int) -> None:
    """Start a detached worker process for one run (config SORTITION_SPAWN: False in tests)."""
    if not current_app.config.get("SORTITION_SPAWN", True):
        return
    root = os.path.dirname(current_app.root_path)
    env = {**os.environ, "FLASK_APP": os.environ.get("FLASK_APP", "wsgi.py")}
    env.setdefault("DATABASE_URL", current_app.config["SQLALCHEMY_DATABASE_URI"])
    subprocess.Popen(  # noqa: S603 - fixed argument list, our own interpreter
        [sys.executable, "-m", "flask", "sortition", "run-job", str(run_id)],
        cwd=root,
        env=env,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _claim(run_id: int, token: str) -> bool:
    """Take the run if it is queued, or running with a stale heartbeat."""
    db.session.rollback()  # a fresh transaction that starts as a writer (SQLite: no stale snapshot)
    with write_intent():
        run = db.session.get(SelectionRun, run_id, with_for_update=True)
        if run is None or run.cancel_requested and run.status == "queued":
            db.session.rollback()
            return False
        claimable = run.status == "queued" or (
            run.status == "running"
            and (run.heartbeat_at is None or run.heartbeat_at < stale_before())
        )
        if not claimable:
            db.session.rollback()
            return False
        now = utcnow()
        run.status = "running"
        run.worker_token = token
        run.heartbeat_at = now
        run.started_at = run.started_at or now
        run.attempts += 1
        run.progress = 0.0
        run.progress_message = "started"
        db.session.commit()
        return True


class _Progress:
    """Writes progress and heartbeat (throttled) and raises Cancelled when asked to stop."""

    def __init__(self, run_id: int, token: str):
        self.run_id, self.token = run_id, token
        self.last = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self.last < HEARTBEAT_SECONDS and fraction < 1.0:
            return
        self.last = now
        with write_intent(), db.engine.begin() as conn:
            table = SelectionRun.__table__
            conn.execute(
                table.update()
                .where(table.c.id == self.run_id, table.c.worker_token == self.token)
                .values(
                    progress=min(1.0, max(0.0, fraction)),
                    progress_message=message[:200],
                    heartbeat_at=utcnow(),
                )
            )
            row = conn.execute(
                sa.select(table.c.cancel_requested, table.c.worker_token).where(
                    table.c.id == self.run_id
                )
            ).one()
        if row.cancel_requested or row.worker_token != self.token:
            raise engine.Cancelled()


def run_job(run_id: int) -> str:
    """Run one selection to the end (or until cancelled); returns its final status."""
    token = secrets.token_hex(8)
    if not _claim(run_id, token):
        run = db.session.get(SelectionRun, run_id)
        return run.status if run else "missing"
    run = db.session.get(SelectionRun, run_id)
    assembly = db.session.get(Assembly, run.assembly_id)
    pool = respondent_pool.rule_pool(assembly)
    quotas = [
        rules.Quota(q["feature"], q["category"], q["minimum"], q["maximum"])
        for q in run.quota_snapshot
    ]
    algorithm, household, size = run.algorithm, run.household_rule, run.panel_size
    changed = runs.pool_checksum(pool) != run.pool_checksum
    db.session.rollback()  # no transaction stays open during the long computation
    progress = _Progress(run_id, token)
    try:
        if changed:
            raise RuntimeError("the pool changed after the run was queued; start it again")
        computed = engine.compute(
            pool, quotas, size, algorithm=algorithm, household_rule=household, progress=progress
        )
    except engine.Cancelled:
        return _finish(run_id, token, "cancelled", None)
    except engine.InfeasibleQuotas as err:
        return _finish(run_id, token, "failed", "infeasible: " + str(err))
    except Exception as err:  # the run fails, the worker survives and says why
        log.exception("selection run %s failed", run_id)
        return _finish(run_id, token, "failed", f"{type(err).__name__}: {err}")
    db.session.rollback()
    with write_intent():
        run = db.session.get(SelectionRun, run_id, with_for_update=True)
        if run.worker_token != token or run.cancel_requested:
            db.session.rollback()
            return _finish(run_id, token, "cancelled", None)
        try:
            publication.store_computed(run, computed, pool, utcnow())
        except RuntimeError as err:
            db.session.rollback()
            return _finish(run_id, token, "failed", str(err))
        db.session.commit()
    return "done"


def _finish(run_id: int, token: str, status: str, error: str | None) -> str:
    db.session.rollback()
    with write_intent():
        run = db.session.get(SelectionRun, run_id, with_for_update=True)
        if run is not None and run.worker_token == token:
            run.status = status
            run.error = error
            run.finished_at = utcnow()
            run.progress_message = status
            db.session.commit()
        else:
            db.session.rollback()
    return status


def pending_run_ids() -> list[int]:
    """Queued runs and runs whose worker stopped sending heartbeats."""
    return list(
        db.session.scalars(
            sa.select(SelectionRun.id)
            .filter(
                sa.or_(
                    SelectionRun.status == "queued",
                    sa.and_(
                        SelectionRun.status == "running",
                        sa.or_(
                            SelectionRun.heartbeat_at.is_(None),
                            SelectionRun.heartbeat_at < stale_before(),
                        ),
                    ),
                ),
                SelectionRun.cancel_requested.is_(False),
            )
            .order_by(SelectionRun.id)
        )
    )


def run_pending(each=in_turn) -> list[tuple[int, str]]:
    """Run every pending run once (the worker loop's body); `each` as in `office.core.jobs`
    (a run that ends in failure records why on the run itself; `each` catches what escapes)."""
    return each(pending_run_ids(), lambda run_id: (run_id, run_job(run_id)), "selection run {}")
