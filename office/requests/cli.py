"""`flask requests ...` commands (the blueprint's CLI group is named after it)."""

import click
from flask_babel import lazy_gettext as _l

from office.core.jobs import periodic_job
from office.requests import bp
from office.requests.services import queue as staff_queue


@bp.cli.command("remind")
@periodic_job(
    "requests remind",
    "0 7 * * *",
    _l(
        "Mails assignees, or the office staff while nobody has taken a request, about service-level deadlines due soon or overdue."
    ),
    counts={"reminders": _l("reminders queued")},
)
def remind_command(run):
    """Remind of deadlines due soon or overdue: the assignee, or the office staff while nobody
    has taken the request (cron: daily; each reminder once per deadline)."""
    sent = run.commit(staff_queue.remind, each=run.each)
    run.count("reminders", sent)
    click.echo(f"reminders queued: {sent}")
