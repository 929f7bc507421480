"""`flask events ...` commands."""

import click

from office.core.clock import utcnow
from office.core.db import write_intent
from office.events import bp
from office.events.services import occurrences, signups
from office.extensions import db


@bp.cli.command("purge-signups")
def purge_signups_command():
    """Delete sign-ups 30 days after their date (cron: daily)."""
    with write_intent():
        count = signups.purge_signups(utcnow())
        db.session.commit()
    click.echo(f"deleted {count} sign-ups")


@bp.cli.command("extend-occurrences")
@click.option("--rebuild", is_flag=True, help="Store every event's occurrences afresh.")
def extend_occurrences_command(rebuild):
    """Store the occurrences of series up to the rolling horizon (cron: daily)."""
    with write_intent():
        work = occurrences.rebuild if rebuild else occurrences.extend
        count = work(utcnow())
        db.session.commit()
    click.echo(f"stored {count} occurrences")
