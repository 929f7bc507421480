"""Public event calendar."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("events", __name__, url_prefix="/calendar")

register_nav(NavEntry("neighbourhood", _l("Calendar"), "events.index", order=20))

from . import views  # noqa: E402,F401
