"""Domain errors: a refusal by the office's rules, with a translatable message."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """An operation was refused; `message` is shown to the user in their language."""

    default_message = _l("This action is not possible.")

    def __init__(self, message=None, field: str | None = None):
        self.message = message if message is not None else self.default_message
        #: form field the message belongs to, if any
        self.field = field
        super().__init__(str(self.message))


class NotFound(DomainError):
    """The object does not exist or is not visible to the actor (answered as 404)."""

    default_message = _l("Not found.")


class PermissionDenied(DomainError):
    default_message = _l("You are not allowed to do this.")
