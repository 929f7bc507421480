"""The translated labels of the CRM's kinds, channels and audit actions."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

KIND_LABELS = {
    "department": _l("Department"),
    "initiative": _l("Initiative"),
    "association": _l("Association"),
    "business": _l("Business"),
    "science": _l("Science"),
    "politics": _l("Politics"),
    "other": _l("Other"),
}
INTERACTION_LABELS = {
    "note": _l("Note"),
    "call": _l("Call"),
    "meeting": _l("Meeting"),
    "email": _l("Email"),
}
CHANNEL_LABELS = {
    "web": _l("Website"),
    "email": _l("Email"),
    "paper": _l("Paper form"),
    "phone": _l("Phone"),
    "in_person": _l("In person"),
}
AUDIT_LABELS = {
    "export": _l("Data export of one person"),
    "erase": _l("Erasure"),
    "import": _l("CSV import"),
    "merge": _l("Merge"),
    "csv_export": _l("CSV export of a list"),
}

register_actions("contacts", _l("Contacts"), AUDIT_LABELS)
