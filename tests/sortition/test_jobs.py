"""Background runs: they survive a restart of the web process, can be cancelled, and a run
whose worker died is taken over."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa

from office.core.clock import utcnow
from office.sortition.models import SelectionRun
from office.sortition.selection import engine
from office.sortition.services import jobs, runs
from tests.factories import UserFactory
from tests.sortition.factories import assembly_with_pool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _staff_client(app, committed_db):
    user = UserFactory(roles=["office_staff"])
    committed_db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def test_run_started_on_the_web_finishes_in_a_separate_worker_process(app, committed_db):
    assembly_with_pool(slug="restart")
    committed_db.session.commit()
    client = _staff_client(app, committed_db)
    response = client.post("/sortition/restart/run", data={"algorithm": "leximin"})
    assert response.status_code == 302
    run_id = int(response.location.rsplit("/", 1)[1])
    page = client.get(f"/sortition/runs/{run_id}")
    assert b"waiting to start" in page.data
    committed_db.session.remove()  # the test's own connection holds no transaction open
    # the web process is gone; a worker process of its own (as `flask sortition worker` or the
    # detached `run-job`) picks the run up from the database
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "sortition", "run-job", str(run_id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[:3000]
    assert f"run {run_id}: done" in done.stdout
    # a fresh client (a reloaded page after the restart) sees the verified result
    fresh = _staff_client(app, committed_db)
    computed = fresh.get(f"/sortition/runs/{run_id}")
    assert b"Step 1: publish the commitment" in computed.data
    fresh.post(f"/sortition/runs/{run_id}/commit", data={"commit-seed_source": "Lotto"})
    fresh.post(f"/sortition/runs/{run_id}/seed", data={"seed-seed": "1 2 3 4 5 6"})
    result = fresh.get(f"/sortition/runs/{run_id}", follow_redirects=True)
    assert b"Every quota holds: yes." in result.data
    assert b"Probabilities add up to 4.0000" in result.data


def test_cancelling_a_queued_run_means_it_never_runs(app, committed_db):
    assembly = assembly_with_pool()
    run = runs.start_run(assembly, "leximin", "", None, utcnow())
    committed_db.session.commit()
    runs.request_cancel(run)
    committed_db.session.commit()
    assert jobs.run_pending() == []
    assert jobs.run_job(run.id) == "cancelled"


def test_cancelling_a_running_run_stops_it_at_the_next_progress_step(app, committed_db):
    assembly = assembly_with_pool()
    run = runs.start_run(assembly, "leximin", "", None, utcnow())
    committed_db.session.commit()
    assert jobs._claim(run.id, "token")
    committed_db.session.execute(
        sa.update(SelectionRun).filter_by(id=run.id).values(cancel_requested=True)
    )
    committed_db.session.commit()
    progress = jobs._Progress(run.id, "token")
    try:
        progress(0.5, "half way")
    except engine.Cancelled:
        pass
    else:
        raise AssertionError("the worker was not told to stop")
    assert jobs._finish(run.id, "token", "cancelled", None) == "cancelled"
    committed_db.session.expire_all()
    assert committed_db.session.get(SelectionRun, run.id).status == "cancelled"


def test_run_whose_worker_died_is_taken_over_and_completed(app, committed_db):
    assembly = assembly_with_pool()
    run = runs.start_run(assembly, "maximin", "", None, utcnow())
    run.status = "running"
    run.worker_token = "dead worker"
    run.heartbeat_at = utcnow() - timedelta(minutes=10)
    committed_db.session.commit()
    assert jobs.run_pending() == [(run.id, "done")]
    committed_db.session.expire_all()
    run = committed_db.session.get(SelectionRun, run.id)
    assert run.status == "done" and run.attempts == 1 and run.stage == "computed"
    assert sum(run.result["probabilities"].values()) == pytest.approx(4)


def test_run_with_a_fresh_heartbeat_is_left_alone(app, committed_db):
    assembly = assembly_with_pool()
    run = runs.start_run(assembly, "maximin", "", None, utcnow())
    run.status = "running"
    run.worker_token = "alive"
    run.heartbeat_at = utcnow()
    committed_db.session.commit()
    assert jobs.run_pending() == []


def test_cancelling_a_run_whose_worker_died_stops_it_at_once(app, committed_db):
    assembly = assembly_with_pool()
    run = runs.start_run(assembly, "leximin", "", None, utcnow())
    run.status = "running"
    run.heartbeat_at = utcnow() - timedelta(minutes=10)
    committed_db.session.flush()
    runs.request_cancel(run, jobs.stale_before())
    assert run.status == "cancelled"
    committed_db.session.commit()
    assert jobs.run_pending() == []
