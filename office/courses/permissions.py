"""Who may do what with courses: one place for the predicates."""

from office.core.access import is_staff, roles

#: logged-in staff of the administration register themselves in one step
SELF_REGISTRATION = roles("department_staff", "office_staff")


def can_manage_courses(user) -> bool:
    return is_staff(user)


def can_self_register(user) -> bool:
    return SELF_REGISTRATION.allows(user)


def can_see_course(user, course) -> bool:
    """Unpublished and archived courses are visible to office staff only (others get 404)."""
    return course.visible or can_manage_courses(user)


def owns_registration(user, registration) -> bool:
    return user.is_authenticated and (
        registration.user_id == user.id or registration.email == user.email
    )
