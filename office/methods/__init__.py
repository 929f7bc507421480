"""The methods toolkit (Instrumentenkoffer)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("methods", __name__, url_prefix="/methods")

register_nav(NavEntry("competence", _l("Methods"), "methods.index", order=20))

from . import views  # noqa: E402,F401
