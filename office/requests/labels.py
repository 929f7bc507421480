"""Names of the clocks and their states, in the user's language."""

from flask_babel import lazy_gettext as _l

CLOCK_LABELS = {
    "first_response": _l("First response"),
    "next_response": _l("Next response"),
    "resolution": _l("Resolution"),
}

CLOCK_STATE_LABELS = {
    "overdue": _l("overdue"),
    "due_soon": _l("due soon"),
    "on_time": _l("on time"),
    "paused": _l("paused while waiting"),
}

INBOUND_REASON_LABELS = {
    "no_request": _l("No request named (no token, unknown sender)"),
    "sender": _l("Not from the requester's address"),
    "too_large": _l("Too large; only its headers were kept"),
    "attachment": _l("An attachment that is not a PDF or an image"),
    "closed": _l("The request is closed and can no longer be reopened"),
    "empty": _l("No new text"),
    "automatic": _l("Automatic reply"),
    "unreadable": _l("Unreadable"),
}
