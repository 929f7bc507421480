"""Periodic jobs: each run is recorded; late jobs show on the jobs page, the staff home page
and in `flask jobs status`; the README's cron block and deploy/ are what the jobs declare."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from office.core import jobs, rules
from office.core.models import PeriodicJob
from office.courses.services import decisions
from tests.courses.factories import RunFactory, fill

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "interval", "on_calendar"),
    [
        ("* * * * *", timedelta(minutes=1), "*-*-* *:*:00"),
        ("*/15 * * * *", timedelta(minutes=15), "*-*-* *:00/15:00"),
        ("5 * * * *", timedelta(hours=1), "*-*-* *:05:00"),
        ("15 7 * * *", timedelta(days=1), "*-*-* 07:15:00"),
    ],
)
def test_cron_schedule_interval_and_systemd_calendar(schedule, interval, on_calendar):
    assert rules.cron_interval(schedule) == interval
    assert rules.systemd_on_calendar(schedule) == on_calendar


@pytest.mark.parametrize(
    ("succeeded_minutes_ago", "late"), [(None, True), (29, False), (30, False), (31, True)]
)
def test_job_is_late_after_twice_its_interval(succeeded_minutes_ago, late):
    last = None if succeeded_minutes_ago is None else NOW - timedelta(minutes=succeeded_minutes_ago)
    assert rules.job_is_late(last, timedelta(minutes=15), NOW) is late


def _state(db, name):
    db.session.expire_all()
    return db.session.get(PeriodicJob, name)


def test_a_run_records_its_start_success_and_counts(cron, db):
    with time_machine.travel(NOW, tick=False):
        cron("requests", "remind")
    state = _state(db, "requests remind")
    assert state.last_started_at == NOW and state.last_succeeded_at == NOW
    assert state.last_counts == {"reminders": 0} and state.last_error is None


def test_a_dry_run_is_not_recorded(cron, db):
    cron("courses", "decide", "--dry-run")
    assert _state(db, "courses decide") is None


def test_a_failing_item_is_recorded_the_others_go_on_and_the_next_run_retries(
    cron, db, outbox, monkeypatch
):
    broken, fine = (RunFactory(first_day=NOW.date() + timedelta(days=2)) for _ in range(2))
    fill(broken, 18)
    fill(fine, 18)
    db.session.commit()
    real_ics = decisions.run_ics

    def ics(run, with_link=False):
        if run.id == broken.id:
            raise OSError("disk full")
        return real_ics(run, with_link)

    monkeypatch.setattr(decisions, "run_ics", ics)
    with time_machine.travel(NOW):
        result = cron("courses", "decide", exit_code=1)
    assert f"run {broken.id}: OSError: disk full" in result.output
    db.session.expire_all()
    assert (broken.decision, fine.decision) == (None, "confirmed")
    state = _state(db, "courses decide")
    assert state.last_succeeded_at is None and "disk full" in state.last_error
    monkeypatch.setattr(decisions, "run_ics", real_ics)
    with time_machine.travel(NOW + timedelta(minutes=15)):
        cron("courses", "decide")
    db.session.expire_all()
    assert broken.decision == "confirmed" and len(outbox.messages) == 36
    assert _state(db, "courses decide").last_succeeded_at is not None


def _all_succeeded(db, at):
    for job in jobs.jobs():
        db.session.merge(PeriodicJob(job=job.name, last_started_at=at, last_succeeded_at=at,
                                     last_finished_at=at, last_counts={}, runs=1, failures=0))  # fmt: skip
    db.session.commit()


def test_status_exits_1_and_names_the_jobs_that_are_late(cron, db):
    _all_succeeded(db, NOW)
    with time_machine.travel(NOW + timedelta(minutes=1)):
        assert "LATE" not in cron("jobs", "status").output
    with time_machine.travel(NOW + timedelta(minutes=31)):
        result = cron("jobs", "status", exit_code=1)
    assert "late: mail send-queued, sortition worker, courses decide" in result.output


def test_jobs_page_lists_every_job_in_three_languages(client, db, login_as):
    _all_succeeded(db, NOW - timedelta(hours=2))
    with time_machine.travel(NOW):
        login_as("office_staff")
        for locale, late in (("de", "verspätet"), ("da", "forsinket"), ("en", "late")):
            client.post("/language", data={"locale": locale})
            html = client.get("/admin/jobs").get_data(as_text=True)
            assert all(f"flask {job.command}" in html for job in jobs.jobs())
            assert html.count(f">{late}</strong>") == 5  # every minute, 15 minutes, hourly (2)


def test_jobs_page_is_for_staff_only(client, db, login_as):
    assert client.get("/admin/jobs").status_code in (302, 401)
    login_as("initiative_rep")
    assert client.get("/admin/jobs").status_code in (403, 404)


def test_staff_home_flags_a_late_job_the_public_home_does_not(client, db, login_as):
    _all_succeeded(db, NOW - timedelta(minutes=3))
    with time_machine.travel(NOW):
        assert "periodic job" not in client.get("/").get_data(as_text=True)
        login_as("office_staff")
        html = client.get("/").get_data(as_text=True)
    assert "2 periodic jobs have not run in time" in html
    assert "flask mail send-queued" in html
    assert 'href="/admin/jobs"' in html


def test_readme_cron_block_is_what_the_jobs_declare():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```cron\n(.*?)\n```", readme, re.S).group(1)
    assert block == jobs.cron_block()
    assert (
        (ROOT / "deploy" / "office.cron")
        .read_text(encoding="utf-8")
        .endswith(jobs.cron_block() + "\n")
    )


def test_deploy_units_are_what_flask_jobs_systemd_writes(cron, tmp_path):
    cron("jobs", "systemd", str(tmp_path))
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "deploy/systemd").iterdir()}
    assert written == committed and len(written) == 2 * len(jobs.JOBS)


def test_every_periodic_job_has_a_test_that_runs_it_as_cron_does():
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_cli.py")
    )
    untested = [
        job.command for job in jobs.jobs()
        if "cron(" + ", ".join(f'"{word}"' for word in job.command.split()) not in sources
    ]  # fmt: skip
    assert untested == []
