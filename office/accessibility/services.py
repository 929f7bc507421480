"""Feedback on barriers reaches the office as mail (the outbox, sent after commit)."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from office.core.outbox import queue_mail


def send_feedback(message: str, page: str, email: str | None) -> None:
    """Queue the feedback to the office's accessibility contact, in the office's language."""
    queue_mail(
        current_app.config["OFFICE_ACCESSIBILITY_CONTACT"],
        _l("Accessibility feedback"),
        "accessibility/feedback",
        message=message.strip(),
        page=page.strip(),
        sender=email or "",
    )
