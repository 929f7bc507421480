"""Who may do what in the directory."""

from office.core.access import is_staff
from office.directory.models import Initiative


def can_edit_initiative(user, initiative: Initiative) -> bool:
    """Staff edit every entry; a representative only the initiatives they represent."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return any(rep.user_id == user.id for rep in initiative.representatives)
