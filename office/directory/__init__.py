"""Directory of neighbourhood initiatives: self-registration, moderation, public directory."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav, register_personal_data

bp = Blueprint("directory", __name__, url_prefix="/initiatives")

register_nav(NavEntry("neighbourhood", _l("Initiatives"), "directory.index", order=10))
register_nav(
    NavEntry(
        "neighbourhood",
        _l("My initiatives"),
        "directory.mine",
        order=12,
        visible=lambda user: user.is_authenticated and user.has_role("initiative_rep"),
    )
)
register_nav(
    NavEntry(
        "neighbourhood",
        _l("Moderate initiatives"),
        "directory.moderation",
        order=14,
        visible=is_staff,
    )
)

from . import demo, labels, models, privacy  # noqa: E402,F401
from .api import api_bp, hsds_bp  # noqa: E402
from .views import moderation, public, registration  # noqa: E402,F401

register_personal_data("initiative representatives", privacy.export, privacy.erase)

blueprints = (bp, api_bp, hsds_bp)
