"""Who may do what with an assembly's work."""

from office.core.access import is_staff


def can_plan_assembly(user) -> bool:
    """The office plans sessions, records attendance, assigns facilitators and experts."""
    return is_staff(user)


def can_volunteer(user) -> bool:
    """Municipal staff (the office's and the departments') volunteer as co-facilitators."""
    return user.is_authenticated and bool(
        {"office_staff", "department_staff", "admin"} & user.role_names
    )
