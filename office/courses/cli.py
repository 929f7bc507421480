"""`flask courses ...`: the go/no-go decision and closing out runs (for cron)."""

import click

from office.core.clock import utcnow
from office.core.db import write_intent
from office.courses import bp
from office.courses.services.decisions import close_out, decide_due_runs
from office.extensions import db


@bp.cli.command("decide")
@click.option("--dry-run", is_flag=True, help="Print what would be decided; change nothing.")
def decide_command(dry_run):
    """Decide every run whose registration deadline has passed (cron: every 15 minutes).

    Confirmed registrations >= minimum: the run is confirmed and participants get the
    details with an .ics file; otherwise it is cancelled and everyone moves to the interest
    list. Also closes out finished runs (feedback requests, needs deleted). Idempotent and
    safe on several servers at once.
    """
    now = utcnow()
    with write_intent():
        outcomes = decide_due_runs(now, dry_run=dry_run, commit=db.session.commit)
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
        closed = close_out(now, commit=db.session.commit)
        db.session.commit()
    click.echo(f"{len(outcomes)} run(s) decided, {closed} finished run(s) closed out")
