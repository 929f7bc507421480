"""Stratified random selection of citizens' assembly members."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("sortition", __name__, url_prefix="/sortition")

register_nav(NavEntry("governance", _l("Sortition"), "sortition.index", order=20, visible=is_staff))

from . import views  # noqa: E402,F401
