"""Names of the roles, in the user's language."""

from flask_babel import lazy_gettext as _l

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
