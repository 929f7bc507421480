"""`flask requests ...` commands (the blueprint's CLI group is named after it)."""

import click

from office.core.db import write_intent
from office.extensions import db
from office.requests import bp, services


@bp.cli.command("remind")
def remind_command():
    """Email assignees about requests due soon or overdue (cron: daily; each reminder once)."""
    with write_intent():
        sent = services.remind()
        db.session.commit()
    click.echo(f"reminders queued: {sent}")
