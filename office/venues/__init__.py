"""Venues and facilities: the places of the districts with their accessibility."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("venues", __name__, url_prefix="/venues")

register_nav(NavEntry("neighbourhood", _l("Venues"), "venues.index", order=16))
register_nav(
    NavEntry("neighbourhood", _l("Manage venues"), "venues.manage", order=26, visible=is_staff)
)

from . import (  # noqa: E402,F401
    demo,
    models,
    views,  # noqa: E402,F401
)
