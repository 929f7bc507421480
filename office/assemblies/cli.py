"""`flask assemblies ...` commands (the blueprint's CLI group)."""

import click
from flask_babel import lazy_gettext as _l

from office.assemblies import bp
from office.assemblies.services import attendance
from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.jobs import periodic_job
from office.extensions import db


@bp.cli.command("remind")
@periodic_job(
    "assemblies remind",
    "20 * * * *",
    _l("Reminds the members of a citizens' assembly 48 hours before each session."),
    counts={"sessions": _l("sessions"), "reminders": _l("reminders queued")},
)
def remind_command(run):
    """Remind the panel members of sessions starting within 48 hours, once per session
    (cron: hourly). A session that fails is retried by the next run."""
    now = utcnow()
    with write_intent():
        for session in attendance.due_for_reminder(now):
            try:
                sent = attendance.remind_members(session, now)
                db.session.commit()
            except Exception as exc:  # one session's failure does not stop the others
                db.session.rollback()
                run.item_failed(f"session {session.id}", exc)
                continue
            run.count("sessions")
            run.count("reminders", sent)
    click.echo(f"reminders queued: {run.counts['reminders']}")
