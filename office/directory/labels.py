"""The translated labels of the directory's actions in the office's audit trail."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

AUDIT_ACTIONS = {
    "registered": _l("initiative registered"),
    "submitted": _l("initiative submitted for moderation"),
    "changed": _l("initiative changed"),
    "moderated": _l("initiative moderated"),
    "changes_decided": _l("changes of an initiative decided"),
    "representative_invited": _l("representative invited"),
    "representative_removed": _l("representative removed"),
}

register_actions("directory", _l("Directory of initiatives"), AUDIT_ACTIONS)
