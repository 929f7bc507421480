"""Contacts CRM of departments, initiatives and people."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.contacts import labels
from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


def _department_only(user) -> bool:
    return user.is_authenticated and user.has_role("department_staff") and not is_staff(user)


register_nav(NavEntry("competence", _l("Contacts"), "contacts.index", order=40, visible=is_staff))
register_nav(
    NavEntry(
        "competence",
        _l("Participation contacts"),
        "contacts.departments",
        order=41,
        visible=_department_only,
    )
)


def _label(labels_of: dict):
    return lambda value: labels_of.get(value, value)


bp.add_app_template_global(_label(labels.KIND_LABELS), "organisation_kind_label")
bp.add_app_template_global(_label(labels.INTERACTION_LABELS), "interaction_label")
bp.add_app_template_global(_label(labels.CHANNEL_LABELS), "channel_label")

from office.contacts import cli, demo, models, privacy  # noqa: E402,F401
from office.contacts.views import organisations, people  # noqa: E402,F401
from office.contacts.views import privacy as privacy_views  # noqa: E402,F401
