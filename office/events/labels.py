"""The translated labels of the events' actions in the office's audit trail."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

AUDIT_ACTIONS = {
    "created": _l("event created"),
    "changed": _l("event changed"),
    "moderated": _l("event moderated"),
    "cancelled": _l("event cancelled by its organiser"),
    "signed_up": _l("place at an event taken"),
}

register_actions("events", _l("Events"), AUDIT_ACTIONS)
