"""`flask governance ...` commands (the blueprint's CLI group is named after it)."""

import click
from flask import current_app

from office.core.db import write_intent
from office.extensions import db
from office.governance import bp, services


@bp.cli.command("remind")
def remind_command():
    """Remind members of written procedures ending within 48 hours and staff of ended ones
    (cron: hourly; each reminder is sent once)."""
    # links in the emails point at OFFICE_BASE_URL
    base_url = current_app.config["OFFICE_BASE_URL"]
    with current_app.test_request_context(base_url=base_url), write_intent():
        sent = services.remind_written_procedures()
        db.session.commit()
    click.echo(f"reminders queued: {sent}")
