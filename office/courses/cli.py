"""`flask courses ...`: the go/no-go decision and closing out runs (for cron)."""

import click
from flask_babel import lazy_gettext as _l

from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.jobs import in_turn, periodic_job
from office.courses import bp
from office.courses.services.decisions import close_out, decide_due_runs
from office.extensions import db


@bp.cli.command("decide")
@click.option("--dry-run", is_flag=True, help="Print what would be decided; change nothing.")
@periodic_job(
    "courses decide",
    "*/15 * * * *",
    _l("Go/no-go decision of course runs at their deadline; feedback requests after held runs."),
    counts={"decided": _l("runs decided"), "closed_out": _l("finished runs closed out")},
    unless="dry_run",
)
def decide_command(run, dry_run):
    """Decide every run whose registration deadline has passed (cron: every 15 minutes).

    Confirmed registrations >= minimum: the run is confirmed and participants get the
    details with an .ics file; otherwise it is cancelled and everyone moves to the interest
    list. Also closes out finished runs (feedback requests, needs deleted). Idempotent and
    safe on several servers at once; a run that fails is reported and the others go on.
    """
    now = utcnow()
    with write_intent():
        outcomes = decide_due_runs(now, dry_run=dry_run, each=in_turn if dry_run else run.each)
        for o in outcomes:
            verb = "would be" if dry_run else "is"
            click.echo(
                f"run {o.run_id} {o.title}: {o.confirmed} of minimum {o.minimum} -> "
                f"{verb} {o.decision}"
            )
        if dry_run:
            db.session.rollback()
            click.echo(f"{len(outcomes)} decision(s) due; nothing changed (dry run)")
            return
        closed = close_out(now, each=run.each)
        db.session.commit()
    run.count("decided", len(outcomes))
    run.count("closed_out", closed)
    click.echo(f"{len(outcomes)} run(s) decided, {closed} finished run(s) closed out")
