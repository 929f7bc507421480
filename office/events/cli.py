"""`flask events ...` commands."""

import click

from office.core.clock import utcnow
from office.core.db import write_intent
from office.events import bp
from office.events.services import signups
from office.extensions import db


@bp.cli.command("purge-signups")
def purge_signups_command():
    """Delete sign-ups 30 days after their date (cron: daily)."""
    with write_intent():
        count = signups.purge_signups(utcnow())
        db.session.commit()
    click.echo(f"deleted {count} sign-ups")
