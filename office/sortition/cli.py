"""`flask sortition ...`: background runs and the privacy purge."""

import time

import click
from flask_babel import lazy_gettext as _l

from office.core.clock import utcnow
from office.core.jobs import periodic_job
from office.extensions import db
from office.sortition import bp
from office.sortition.selection import verify
from office.sortition.services import jobs, privacy


@bp.cli.command("run-job")
@click.argument("run_id", type=int)
def run_job_command(run_id):
    """Run one queued selection (started by the web view in its own process)."""
    status = jobs.run_job(run_id)
    click.echo(f"run {run_id}: {status}")
    if status not in ("done", "cancelled", "running"):
        raise SystemExit(1)


@bp.cli.command("worker")
@click.option("--once", is_flag=True, help="Run what is pending, then stop (for cron).")
@click.option("--interval", default=10, show_default=True, help="Seconds between polls.")
def worker_command(once, interval):
    """Run queued selections and take over runs whose worker died (systemd or cron)."""
    while True:
        _poll()
        db.session.remove()
        if once:
            return
        time.sleep(interval)


@periodic_job(
    "sortition worker",
    "* * * * *",
    _l("Runs waiting selections and takes over runs whose worker died."),
    counts={"runs": _l("selections run")},
    args="--once",
)
def _poll(run):
    for run_id, status in jobs.run_pending(each=run.each):
        run.count("runs")
        click.echo(f"run {run_id}: {status}")


@bp.cli.command("purge")
@periodic_job(
    "sortition purge",
    "45 3 * * *",
    _l("Deletes register extracts and respondent pools after the assembly's retention period."),
    counts={"purged": _l("assemblies purged")},
)
def purge_command(run):
    """Delete register extracts and pools whose retention period has passed (cron: daily)."""
    purged = run.commit(privacy.purge_due_assemblies, utcnow(), each=run.each)
    for slug in purged:
        click.echo(f"purged {slug}")
    run.count("purged", len(purged))
    click.echo(f"{len(purged)} assemblies purged")


@bp.cli.command("verify")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--seed", help="The published seed (default: the one in draw.json).")
def verify_command(folder, seed):
    """Re-derive a draw from its published files (the same procedure as verify.py)."""
    argv = [folder] + (["--seed", seed] if seed is not None else [])
    raise SystemExit(verify.main(argv))
