"""Directory of neighbourhood initiatives."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("directory", __name__, url_prefix="/initiatives")

register_nav(NavEntry("neighbourhood", _l("Initiatives"), "directory.index", order=10))

from . import views  # noqa: E402,F401
