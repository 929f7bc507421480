"""Commands that are not owned by one domain: mail delivery and demo data."""

import click
import sqlalchemy as sa
from flask import Flask

from office.core.db import write_intent
from office.core.outbox import send_queued
from office.core.registry import DEMO_SEEDERS
from office.extensions import db


def register_cli(app: Flask) -> None:
    @app.cli.group("mail")
    def mail_group():
        """The mail outbox."""

    @mail_group.command("send-queued")
    @click.option("--limit", default=200, show_default=True, help="Most messages per run.")
    def send_queued_command(limit):
        """Deliver queued mail (cron: every minute; safe on several servers)."""
        with write_intent():
            report = send_queued(limit=limit)
        click.echo(f"sent {report.sent}, retry later {report.retried}, failed {report.failed}")

    @app.cli.group("backup")
    def backup_group():
        """Backups of the whole database."""

    @backup_group.command("create")
    @click.option("--output", type=click.Path(dir_okay=False), help="File to write.")
    def backup_create(output):
        """Write a consistent backup (SQLite backup API or pg_dump)."""
        from office.core.backup import BackupError, create_backup

        try:
            path = create_backup(output)
        except (BackupError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"backup written to {path}")

    @backup_group.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def backup_restore(path, yes):
        """Replace the database with a backup, then re-apply erasures made since."""
        from office.core.backup import BackupError, restore_backup

        if not yes:
            click.confirm("This replaces every row in the database. Continue?", abort=True)
        try:
            erased = restore_backup(path)
        except (BackupError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"restored from {path}; erasures applied again: {erased}")

    @app.cli.command("seed-demo")
    @click.option(
        "--scale",
        type=click.Choice(["small", "large"]),
        default="small",
        show_default=True,
        help="small: a realistic city to try things; large: city-scale data for benchmarks.",
    )
    @click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
    def seed_demo(scale, if_empty):
        """Add demo data; running it again changes nothing."""
        from office.auth.models import User

        if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            _print_accounts("the database has data already; demo data not loaded")
            return
        with write_intent():
            for seeder in DEMO_SEEDERS:
                click.echo(f"demo data: {seeder.name} ...")
                seeder.fn(scale)
                db.session.commit()
        _print_accounts("demo data ready")


def _print_accounts(headline: str) -> None:
    from office.auth.demo import DEMO_PASSWORD, demo_accounts

    click.echo(f"{headline}. Demo accounts (password: {DEMO_PASSWORD}):")
    for email, roles in demo_accounts():
        click.echo(f"  {email:28} {roles}")
