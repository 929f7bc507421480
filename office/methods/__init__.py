"""The methods toolkit (Instrumentenkoffer)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav
from office.methods.labels import GOAL_LABELS, LEVEL_LABELS

bp = Blueprint("methods", __name__, url_prefix="/methods")

register_nav(NavEntry("competence", _l("Methods"), "methods.index", order=20))


def _label(labels_of: dict):
    return lambda value: labels_of.get(value, value)


bp.add_app_template_global(_label(LEVEL_LABELS), "level_label")
bp.add_app_template_global(_label(GOAL_LABELS), "goal_label")

from office.methods import cli, demo, models, views  # noqa: E402,F401
