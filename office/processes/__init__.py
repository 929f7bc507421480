"""Participation processes: the public list of existing and planned processes (Vorhabenliste)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("processes", __name__, url_prefix="/processes")

register_nav(NavEntry("competence", _l("Processes"), "processes.index", order=10))

from . import models, views  # noqa: E402,F401
