"""`flask governance ...` commands (the blueprint's CLI group is named after it)."""

import click

from office.core.db import write_intent
from office.extensions import db
from office.governance import bp, services


@bp.cli.command("remind")
def remind_command():
    """Remind members of written procedures ending within 48 hours and staff of ended ones
    (cron: hourly; each reminder is sent once)."""
    with write_intent():
        sent = services.remind_written_procedures()
        db.session.commit()
    click.echo(f"reminders queued: {sent}")
