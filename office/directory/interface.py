"""What other domains may use of the directory (the calendar: who may post for an initiative)."""

from office.directory import permissions, queries
from office.directory.models import Initiative


def can_act_for(user, initiative: Initiative) -> bool:
    """True when `user` may act for the initiative: staff, or one of its representatives."""
    return permissions.can_edit_initiative(user, initiative)


def initiatives_of(user) -> list[Initiative]:
    """The initiatives `user` represents, by name."""
    return queries.initiatives_of(user)
