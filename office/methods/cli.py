import click

from office.core.db import write_intent
from office.extensions import db
from office.methods import bp
from office.methods.services import install_method_cards

bp.cli.help = "The methods toolkit."


@bp.cli.command("install")
def install_command():
    """Create the standard method cards (German, Danish, English); existing cards stay."""
    with write_intent():
        created = install_method_cards()
        db.session.commit()
    click.echo(f"{created} method cards created")
