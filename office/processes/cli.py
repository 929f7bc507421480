import click
from flask_babel import lazy_gettext as _l

from office.core.db import write_intent
from office.core.jobs import periodic_job
from office.extensions import db
from office.processes import bp
from office.processes.services import send_reminders

bp.cli.help = "The process catalogue and its recommendations."


@bp.cli.command("remind")
@periodic_job(
    "processes remind", "15 7 * * *",
    _l("Mails office staff about overdue political answers and implementation updates."),
    counts={"answers": _l("overdue answers"), "updates": _l("overdue updates")},
)  # fmt: skip
def remind_command(run):
    """Mail office staff about overdue answers and updates (cron: daily; each item once)."""
    with write_intent():
        report = send_reminders()
        db.session.commit()
    run.count("answers", report.answers)
    run.count("updates", report.updates)
    click.echo(f"reminders: {report.answers} overdue answers, {report.updates} overdue updates")
