"""Who may do what with venues."""

from office.core.access import is_staff


def can_manage_venues(user) -> bool:
    """Staff add, edit, publish and archive venues."""
    return user.is_authenticated and is_staff(user)


def can_suggest_venue(user) -> bool:
    """Representatives of initiatives (and staff) suggest venues; staff moderate them."""
    return user.is_authenticated and (is_staff(user) or user.has_role("initiative_rep"))
