"""Public event calendar: events of the office and initiatives, plus every other calendar source."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav, register_personal_data

bp = Blueprint("events", __name__, url_prefix="/calendar")

register_nav(NavEntry("neighbourhood", _l("Calendar"), "events.index", order=20))
register_nav(
    NavEntry(
        "neighbourhood",
        _l("Moderate events"),
        "events.moderation",
        order=24,
        visible=is_staff,
    )
)

from . import calendar, cli, demo, figures, labels, models, privacy  # noqa: E402,F401
from .api import api_bp  # noqa: E402
from .views import calendar as calendar_views  # noqa: E402,F401
from .views import embed, submission, survey  # noqa: E402,F401

register_personal_data("event sign-ups", privacy.export, privacy.erase)

blueprints = (bp, api_bp)
