"""Contacts CRM of departments, initiatives and people."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

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


@bp.app_template_global()
def organisation_kind_label(value):
    from office.contacts.forms import KIND_LABELS

    return KIND_LABELS.get(value, value)


from . import cli, demo, models, personal_data, views  # noqa: E402,F401


@bp.app_template_global()
def interaction_label(value):
    from office.contacts.forms import INTERACTION_LABELS

    return INTERACTION_LABELS.get(value, value)


@bp.app_template_global()
def channel_label(value):
    from office.contacts.forms import CHANNEL_LABELS

    return CHANNEL_LABELS.get(value, value)


@bp.app_template_global()
def audit_label(value):
    from office.contacts.forms import AUDIT_LABELS

    return AUDIT_LABELS.get(value, value)
