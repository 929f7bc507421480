"""The advisory board: members, rules, meetings, votes, decisions."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("governance", __name__, url_prefix="/board")

register_nav(NavEntry("governance", _l("Advisory board"), "governance.index", order=10))

from . import views  # noqa: E402,F401
