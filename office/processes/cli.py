import click

from office.core.db import write_intent
from office.extensions import db
from office.processes import bp
from office.processes.services import send_reminders

bp.cli.help = "The process catalogue and its recommendations."


@bp.cli.command("remind")
def remind_command():
    """Mail office staff about overdue answers and updates (cron: daily; each item once)."""
    with write_intent():
        report = send_reminders()
        db.session.commit()
    click.echo(f"reminders: {report.answers} overdue answers, {report.updates} overdue updates")
