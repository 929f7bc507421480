"""Stratified, fair and verifiable selection of citizens' assembly members (sortition)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

#: staff pages; `flask sortition ...` commands
bp = Blueprint("sortition", __name__, url_prefix="/sortition", cli_group="sortition")
#: the public transparency page of each assembly
public_bp = Blueprint("sortition_public", __name__, url_prefix="/assemblies")
blueprints = (bp, public_bp)

register_nav(NavEntry("governance", _l("Sortition"), "sortition.index", order=20, visible=is_staff))

from . import cli, demo, figures, labels, privacy  # noqa: E402,F401
from .views import assemblies, quotas, runs  # noqa: E402,F401

bp.add_app_template_global(labels, "sortition_labels")
