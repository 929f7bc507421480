"""`flask governance ...` commands (the blueprint's CLI group is named after it)."""

import click
from flask_babel import lazy_gettext as _l

from office.core.jobs import periodic_job
from office.governance import bp
from office.governance.services import review


@bp.cli.command("remind")
@periodic_job(
    "governance remind",
    "5 * * * *",
    _l("Reminds board members 48 hours before a written procedure's deadline."),
    counts={"reminders": _l("reminders queued")},
)
def remind_command(run):
    """Remind members of written procedures ending within 48 hours and staff of ended ones
    (cron: hourly; each reminder is sent once)."""
    sent = run.commit(review.remind_written_procedures, each=run.each)
    run.count("reminders", sent)
    click.echo(f"reminders queued: {sent}")
