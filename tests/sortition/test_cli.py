"""`flask sortition worker --once` and `flask sortition purge` as cron runs them."""

from datetime import date, timedelta

import sqlalchemy as sa
import time_machine

from office.core.clock import utcnow
from office.sortition.models import SelectionRun
from office.sortition.services import pool as respondent_pool
from office.sortition.services import runs
from tests.sortition.factories import assembly_with_pool


def _run(committed_db, run_id):
    committed_db.session.expire_all()
    return committed_db.session.get(SelectionRun, run_id)


def test_worker_once_runs_a_waiting_selection_and_takes_over_a_dead_one(cron, committed_db):
    waiting = runs.start_run(assembly_with_pool(), "maximin", "a", None, utcnow())
    dead = runs.start_run(assembly_with_pool(), "maximin", "b", None, utcnow())
    dead.status, dead.worker_token = "running", "dead worker"
    dead.heartbeat_at = utcnow() - timedelta(minutes=10)
    committed_db.session.commit()
    waiting_id, dead_id = waiting.id, dead.id
    output = cron("sortition", "worker", "--once").output
    assert f"run {waiting_id}: done" in output and f"run {dead_id}: done" in output
    assert _run(committed_db, waiting_id).status == "done"
    assert _run(committed_db, dead_id).attempts == 1
    assert cron("sortition", "worker", "--once").output == ""  # nothing left


def test_purge_as_cron_runs_it_waits_for_the_retention_period(cron, db):
    assembly = assembly_with_pool(ends_on=date(2026, 1, 10), purge_after_days=30)
    db.session.commit()
    with time_machine.travel(date(2026, 2, 8)):
        assert "0 assemblies purged" in cron("sortition", "purge").output
    with time_machine.travel(date(2026, 2, 9)):
        assert f"purged {assembly.slug}" in cron("sortition", "purge").output
        assert "0 assemblies purged" in cron("sortition", "purge").output
    assert respondent_pool.respondents(assembly) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SelectionRun)) == 0
