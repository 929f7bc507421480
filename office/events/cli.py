"""`flask events ...` commands."""

import click
from flask_babel import lazy_gettext as _l

from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.jobs import periodic_job
from office.events import bp
from office.events.services import occurrences, signups, surveys
from office.extensions import db


@bp.cli.command("purge-signups")
@periodic_job(
    "events purge-signups",
    "15 3 * * *",
    _l("Deletes event sign-ups 30 days after the event."),
    counts={"deleted": _l("sign-ups deleted")},
)
def purge_signups_command(run):
    """Delete sign-ups 30 days after their date (cron: daily)."""
    count = run.commit(signups.purge_signups, utcnow(), each=run.each)
    run.count("deleted", count)
    click.echo(f"deleted {count} sign-ups")


@bp.cli.command("extend-occurrences")
@click.option("--rebuild", is_flag=True, help="Store every event's occurrences afresh.")
@periodic_job(
    "events extend-occurrences",
    "20 3 * * *",
    _l("Stores the dates of recurring events that came within the calendar's horizon."),
    counts={"stored": _l("dates stored")},
)
def extend_occurrences_command(run, rebuild):
    """Store the occurrences of series up to the rolling horizon (cron: daily)."""
    with write_intent():
        work = occurrences.rebuild if rebuild else occurrences.extend
        count = work(utcnow(), each=run.each)
        db.session.commit()
    run.count("stored", count)
    click.echo(f"stored {count} occurrences")


@bp.cli.command("send-surveys")
@periodic_job(
    "events send-surveys",
    "40 9 * * *",
    _l("Sends the short satisfaction survey to people signed up for an event once it is over."),
    counts={"sent": _l("surveys sent")},
)
def send_surveys_command(run):
    """Queue the satisfaction survey for dates that are over (cron: daily)."""
    count = run.commit(surveys.send_surveys, utcnow(), each=run.each)
    run.count("sent", count)
    click.echo(f"sent {count} surveys")
