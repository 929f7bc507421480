"""`flask requests ...` commands (the blueprint's CLI group is named after it)."""

import click
from flask import current_app

from office.core.db import write_intent
from office.extensions import db
from office.requests import bp, services


@bp.cli.command("remind")
def remind_command():
    """Email assignees about requests due soon or overdue (cron: daily; each reminder once)."""
    # links in the emails point at OFFICE_BASE_URL
    base_url = current_app.config["OFFICE_BASE_URL"]
    with current_app.test_request_context(base_url=base_url), write_intent():
        sent = services.remind()
        db.session.commit()
    click.echo(f"reminders queued: {sent}")
