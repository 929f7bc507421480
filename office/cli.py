"""Commands that are not owned by one domain: mail delivery and demo data."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import lazy_gettext as _l

from office.auth.demo import DEMO_PASSWORD, demo_accounts
from office.auth.models import User
from office.core import jobs
from office.core.backup import BackupError, create_backup, restore_backup
from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.jobs import periodic_job
from office.core.outbox import send_queued
from office.core.registry import DEMO_SEEDERS
from office.extensions import db
from office.requests.interface import receive_mail

#: `flask mail ...`, `flask backup ...`, `flask jobs ...`
mail_group = AppGroup("mail", help="The mail outbox.")
backup_group = AppGroup("backup", help="Backups of the whole database.")
jobs_group = AppGroup(
    "jobs",
    help="The periodic jobs: their last runs, and the cron lines or systemd units to run them.",
)


def register_cli(app: Flask) -> None:
    """The commands no domain owns: mail, backups, periodic jobs and demo data."""
    for command in (mail_group, backup_group, jobs_group, seed_demo):
        app.cli.add_command(command)


@mail_group.command("send-queued")
@click.option(
    "--limit",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most messages per run.",
)
@periodic_job(
    "mail send-queued",
    "* * * * *",
    _l("Delivers queued mail; retries failed deliveries with growing pauses."),
    counts={"sent": _l("sent"), "retried": _l("to retry"), "failed": _l("failed for good")},
)
def send_queued_command(run, limit):
    """Deliver queued mail (cron: every minute; safe on several servers)."""
    with write_intent():
        report = send_queued(limit=limit)
    run.counts.update(sent=report.sent, retried=report.retried, failed=report.failed)
    click.echo(f"sent {report.sent}, retry later {report.retried}, failed {report.failed}")


@mail_group.command("receive")
@click.argument("source", type=click.File("rb"), default="-")
def receive_command(source):
    """File one mail from standard input (the mail server's pipe transport, e.g. Postfix
    `pipe` or Exim `pipe`) or a file: into its request's thread, or the staff inbox.
    Exit 75 (EX_TEMPFAIL) while the database is unreachable: the mail server keeps the
    mail and tries again, so none is lost."""
    try:
        mail = _receive(source, current_app.config["OFFICE_MAIL_MAX_BYTES"])
    except sa.exc.OperationalError as exc:
        click.echo(f"database unreachable, try again later: {type(exc).__name__}", err=True)
        raise SystemExit(EX_TEMPFAIL) from exc
    click.echo(
        f"added to {mail.request.reference}"
        if mail.status == "threaded"
        else f"kept for staff: {mail.reason}"
    )


@backup_group.command("create")
@click.option("--output", type=click.Path(dir_okay=False), help="File to write.")
@periodic_job(
    "backup create",
    "30 2 * * *",
    _l("Writes a consistent backup of the whole database."),
    counts={"backups": _l("backups written")},
)
def backup_create(run, output):
    """Write a consistent backup (SQLite backup API or pg_dump)."""
    path = _backup_step(create_backup, output)
    run.count("backups")
    click.echo(f"backup written to {path}")


@backup_group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def backup_restore(path, yes):
    """Replace the database with a backup, then re-apply erasures made since."""
    if not yes:
        click.confirm("This replaces every row in the database. Continue?", abort=True)
    erased = _backup_step(restore_backup, path)
    click.echo(f"restored from {path}; erasures applied again: {erased}")


def _backup_step(operation, path):
    """Run a backup operation; its failure ends the command with a one-line reason."""
    try:
        return operation(path)
    except (BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.Choice(["small", "large", "xlarge"]),
    default="small",
    show_default=True,
    help="small: a realistic city to try things; large: city-scale data for benchmarks; "
    "xlarge: twice that.",
)
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@with_appcontext
def seed_demo(scale, if_empty):
    """Add demo data; running it again changes nothing."""
    if if_empty and _has_users():
        _print_accounts("the database has data already; demo data not loaded")
        return
    with write_intent():
        for seeder in DEMO_SEEDERS:
            click.echo(f"demo data: {seeder.name} ...")
            seeder.fn(scale)
            db.session.commit()
    _print_accounts("demo data ready")


#: sysexits.h: a temporary failure; the mail server queues the mail and delivers it again
EX_TEMPFAIL = 75


def _receive(stream, limit: int):
    """Read the mail (at most `limit` + 1 bytes kept; the rest is counted, not held)."""
    head = stream.read(limit + 1)
    size = len(head)
    while chunk := stream.read(1 << 20):
        size += len(chunk)
    with write_intent():
        mail = receive_mail(head, size=size)
        db.session.commit()
    return mail


def _has_users() -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(User)))


def _print_accounts(headline: str) -> None:
    click.echo(f"{headline}. Demo accounts (password: {DEMO_PASSWORD}):")
    for email, roles in demo_accounts():
        click.echo(f"  {email:28} {roles}")


@jobs_group.command("status")
def status_command():
    """Each job's last start, success and error; exits 1 when a job is late (monitoring)."""
    statuses = jobs.statuses(utcnow())
    for s in statuses:
        click.echo(_status_line(s))
    late = [s.job.name for s in statuses if s.late]
    if late:
        raise click.ClickException("late: " + ", ".join(late))


@jobs_group.command("cron")
@click.option("--home", default="/srv/office", show_default=True, help="The checkout.")
def cron_command(home):
    """Print the crontab lines of every periodic job."""
    click.echo(jobs.cron_block(home))


@jobs_group.command("systemd")
@click.option("--home", default="/srv/office", show_default=True, help="The checkout.")
@click.argument("folder", type=click.Path(file_okay=False, writable=True))
def systemd_command(home, folder):
    """Write a oneshot service and a timer per periodic job into FOLDER."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in jobs.systemd_units(home).items():
        (target / name).write_text(text, encoding="utf-8")
    click.echo(f"{len(jobs.JOBS) * 2} units written to {target}")


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "never"


def _status_line(s) -> str:
    state = s.state
    flag = "LATE" if s.late else ("running" if s.running else "ok")
    parts = [
        f"{s.job.name:<27}{flag:<8}",
        f"started {_when(state and state.last_started_at)}",
        f"succeeded {_when(state and state.last_succeeded_at)}",
    ]
    if state and state.last_error:
        parts.append(f"error {_when(state.last_failed_at)}: {state.last_error}")
    if state and state.last_counts:
        parts.append(", ".join(f"{k} {v}" for k, v in state.last_counts.items()))
    return "  ".join(parts)
