"""Help requests from departments and initiatives."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("requests", __name__, url_prefix="/requests")

register_nav(NavEntry("neighbourhood", _l("Help requests"), "requests.index", order=30))

from . import views  # noqa: E402,F401
