import sys

import click

from office.contacts import bp
from office.contacts.services import importing
from office.core.db import write_intent
from office.core.errors import DomainError
from office.extensions import db

bp.cli.help = "The contacts CRM."


@bp.cli.command("import")
@click.argument("file", type=click.File("rb"))
def import_command(file):
    """Import contacts from a CSV file (same columns as the browser import); all or nothing."""
    with write_intent():
        try:
            preview = importing.parse_contacts_csv(file.read())
        except DomainError as err:
            click.echo(f"error: {err.message}", err=True)
            sys.exit(1)
        for row in preview.error_rows:
            click.echo(f"line {row.line}: " + "; ".join(str(e) for e in row.errors), err=True)
        if preview.error_rows:
            click.echo(
                f"error: {len(preview.error_rows)} rows have errors; nothing was imported", err=True
            )
            sys.exit(1)
        with click.progressbar(length=len(preview.rows), label="importing") as bar:
            created = importing.import_contacts(preview, progress=bar.update)
        db.session.commit()
    click.echo(f"{created} contacts imported, {len(preview.duplicates)} duplicates skipped")
