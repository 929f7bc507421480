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


def test_worker_a_selection_that_breaks_is_reported_the_others_run(
    cron, committed_db, monkeypatch, job_status
):
    broken = runs.start_run(assembly_with_pool(), "maximin", "a", None, utcnow())
    fine = runs.start_run(assembly_with_pool(), "maximin", "b", None, utcnow())
    committed_db.session.commit()
    broken_id, fine_id, broken_assembly = broken.id, fine.id, broken.assembly_id
    real_pool = respondent_pool.rule_pool

    def rule_pool(assembly):
        if assembly.id == broken_assembly:
            raise OSError("register extract unreadable")
        return real_pool(assembly)

    monkeypatch.setattr(respondent_pool, "rule_pool", rule_pool)
    result = cron("sortition", "worker", "--once", exit_code=1)
    assert f"selection run {broken_id}: OSError: register extract unreadable" in result.output
    assert f"run {fine_id}: done" in result.output
    status = job_status("sortition worker")
    assert "succeeded never" in status and "register extract unreadable" in status
    assert _run(committed_db, fine_id).status == "done"
    assert _run(committed_db, broken_id).status != "done"


def test_purge_an_assembly_the_database_refuses_is_reported_the_others_purged(
    cron, db, db_refuses, job_status
):
    kept, purged = (assembly_with_pool(ends_on=date(2026, 1, 10)) for _ in range(2))
    db.session.commit()
    db_refuses("sortition_assemblies", "UPDATE", kept.id)
    with time_machine.travel(date(2026, 6, 1)):
        result = cron("sortition", "purge", exit_code=1)
        status = job_status("sortition purge")
    assert f"assembly {kept.id}: " in result.output and f"purged {purged.slug}" in result.output
    assert "succeeded never" in status and "refused by the database" in status
    assert respondent_pool.respondents(purged) == []
    assert respondent_pool.respondents(kept) != []  # nothing of it deleted; the next run retries
