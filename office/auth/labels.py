"""Names of the roles, in the user's language, and the account actions of the audit trail."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "office_staff": _l("Office staff"),
    "department_staff": _l("Department staff"),
    "initiative_rep": _l("Initiative representative"),
    "board_member": _l("Advisory board member"),
}


def role_choices() -> list[tuple]:
    """The roles as choices of a form field, in the order of ROLE_LABELS."""
    return list(ROLE_LABELS.items())


AUDIT_ACTIONS = {
    "invited": _l("account invited"),
    "account_changed": _l("roles or access of an account changed"),
}

register_actions("auth", _l("Accounts and roles"), AUDIT_ACTIONS)
