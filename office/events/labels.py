"""The translated labels of the events: organisers, repetitions, calendar entries, audit actions."""

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

ORGANISER_LABELS = {
    "office": _l("Participation office"),
    "initiative": _l("Initiative"),
    "department": _l("Department"),
    "board": _l("Advisory board"),
}

FREQUENCY_LABELS = {
    "none": _l("Does not repeat"),
    "daily": _l("Daily"),
    "weekly": _l("Weekly on the same weekday"),
    "monthly_date": _l("Monthly on the same date"),
    "monthly_weekday": _l("Monthly on the same weekday (e.g. second Tuesday)"),
}

#: the kinds of entries the calendar gathers from the domains
KIND_LABELS = {
    "event": _l("Events"),
    "course": _l("Courses"),
    "process": _l("Participation meetings"),
    "board": _l("Board meetings"),
    "assembly": _l("Citizens' assembly sessions"),
}


def kind_label(kind: str):
    return KIND_LABELS.get(kind, kind)
