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
