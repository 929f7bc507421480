import click
from flask_babel import lazy_gettext as _l

from office.core.clock import local_now, utcnow
from office.core.jobs import periodic_job
from office.processes import bp
from office.processes.services.council import sync_council
from office.processes.services.drafts import purge_comment_authors
from office.processes.services.follow_up import send_reminders

bp.cli.help = "The process catalogue and its recommendations."


@bp.cli.command("remind")
@periodic_job(
    "processes remind",
    "15 7 * * *",
    _l("Mails office staff about overdue political answers and implementation updates."),
    counts={"answers": _l("overdue answers"), "updates": _l("overdue updates")},
)
def remind_command(run):
    """Mail office staff about overdue answers and updates (cron: daily; each item once)."""
    report = run.commit(send_reminders, each=run.each)
    run.count("answers", report.answers)
    run.count("updates", report.updates)
    click.echo(f"reminders: {report.answers} overdue answers, {report.updates} overdue updates")


@bp.cli.command("sync-council")
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 120),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each answer of the council system.",
)
@periodic_job(
    "processes sync-council",
    "40 5 * * *",
    _l(
        "Takes the political answers of recommendations from the council information system (OParl)."
    ),
    counts={
        "checked": _l("recommendations read"),
        "answered": _l("answers taken over"),
        "problems": _l("papers that could not be read"),
    },
)
def sync_council_command(run, timeout):
    """Take the council's answers for recommendations linked to an OParl paper (cron: daily)."""
    report = run.commit(sync_council, utcnow(), timeout, each=run.each)
    for key in ("checked", "answered"):
        run.count(key, getattr(report, key))
    run.count("problems", len(report.problems))
    for problem in report.problems:
        click.echo(f"not read: {problem}")
    click.echo(f"council answers: {report.checked} read, {report.answered} taken over")


@bp.cli.command("purge-comments")
@periodic_job(
    "processes purge-comments",
    "50 3 * * *",
    _l("Removes names and email addresses from residents' comments after the retention period."),
    counts={"comments": _l("comments anonymised or deleted")},
)
def purge_comments_command(run):
    """Remove commenters' names and addresses once the retention period has passed (cron: daily)."""
    done = run.commit(purge_comment_authors, utcnow(), local_now().date())
    run.count("comments", done)
    click.echo(f"comments: {done} anonymised or deleted")
