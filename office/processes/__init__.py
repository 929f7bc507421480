"""Participation processes: the public list of existing and planned processes (Vorhabenliste)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("processes", __name__, url_prefix="/processes")

register_nav(NavEntry("competence", _l("Processes"), "processes.index", order=10))


@bp.app_template_global()
def status_label(value):
    from office.processes.labels import STATUS_LABELS

    return STATUS_LABELS.get(value, value)


@bp.app_template_global()
def answer_label(value):
    from office.processes.labels import ANSWER_LABELS

    return ANSWER_LABELS.get(value, value)


@bp.app_template_global()
def implementation_label(value):
    from office.processes.labels import IMPLEMENTATION_LABELS

    return IMPLEMENTATION_LABELS.get(value, value)


from . import calendar, cli, demo, figures, manage, models, personal_data, views  # noqa: E402,F401
from .api import api_bp  # noqa: E402

blueprints = (bp, api_bp)
