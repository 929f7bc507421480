"""Contacts CRM of departments, initiatives and people."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

register_nav(NavEntry("competence", _l("Contacts"), "contacts.index", order=40, visible=is_staff))

from . import models, views  # noqa: E402,F401
