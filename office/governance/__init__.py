"""The advisory board: members, rules of procedure, meetings, reviews, votes, decisions."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("governance", __name__, url_prefix="/board")

register_nav(NavEntry("governance", _l("Advisory board"), "governance.index", order=10))
register_nav(NavEntry("governance", _l("Decisions"), "governance.decisions", order=12))

from office.governance.api import api_bp  # noqa: E402

#: the board's pages and its open-data API
blueprints = (bp, api_bp)

from . import calendar, cli, demo, figures, models, privacy  # noqa: E402,F401
from .views import board, items, meetings  # noqa: E402,F401
