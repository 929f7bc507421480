"""Participation processes: the public list of existing and planned processes (Vorhabenliste)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav
from office.processes import labels

bp = Blueprint("processes", __name__, url_prefix="/processes")

register_nav(NavEntry("competence", _l("Processes"), "processes.index", order=10))


def _label(labels_of: dict):
    return lambda value: labels_of.get(value, value)


bp.add_app_template_global(_label(labels.STATUS_LABELS), "status_label")
bp.add_app_template_global(_label(labels.ANSWER_LABELS), "answer_label")
bp.add_app_template_global(_label(labels.IMPLEMENTATION_LABELS), "implementation_label")
bp.add_app_template_global(_label(labels.PLEDGE_LABELS), "pledge_label")
bp.add_app_template_global(_label(labels.KIND_LABELS), "process_kind_label")
bp.add_app_template_global(_label(labels.STAGE_LABELS), "recommendation_stage_label")
bp.add_app_template_global(_label(labels.COMMENT_LABELS), "comment_status_label")

from . import calendar, cli, demo, figures, models, privacy  # noqa: E402,F401
from .api import api_bp  # noqa: E402
from .views import comments, manage, participation, public, recommendations  # noqa: E402,F401

blueprints = (bp, api_bp)
