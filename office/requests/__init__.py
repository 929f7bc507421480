"""Help requests from departments, initiatives and residents: intake, workflow, queue."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("requests", __name__, url_prefix="/requests")

register_nav(NavEntry("neighbourhood", _l("Help requests"), "requests.index", order=30))
register_nav(
    NavEntry("governance", _l("Request queue"), "requests.queue", order=5, visible=is_staff)
)

from . import cli, demo, figures, models, privacy  # noqa: E402,F401
from .api import open311_bp  # noqa: E402
from .views import detail, intake, staff  # noqa: E402,F401

#: the staff and requester pages, and the Open311 GeoReport v2 read endpoints
blueprints = (bp, open311_bp)
