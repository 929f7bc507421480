"""The translated labels of the account actions in the office's audit trail."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

AUDIT_ACTIONS = {
    "invited": _l("account invited"),
    "account_changed": _l("roles or access of an account changed"),
}

register_actions("auth", _l("Accounts and roles"), AUDIT_ACTIONS)
