"""Names of statuses, types, clocks and their states, mail reasons, in the user's language."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

STATUS_LABELS = {
    "submitted": _l("Submitted"),
    "in_triage": _l("In triage"),
    "board_review": _l("Under board review"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "referred": _l("Referred"),
    "in_progress": _l("In progress"),
    "waiting_requester": _l("Waiting for the requester"),
    "waiting_third_party": _l("Waiting for a third party"),
    "done": _l("Done"),
}


TYPE_LABELS = {
    "process_help": _l("Help with a participation process"),
    "initiative_support": _l("Support for an initiative"),
    "tailor_made_course": _l("Tailor-made course"),
    "new_process": _l("Proposal of a new process"),
    "other": _l("Other request"),
}


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

register_actions(
    "requests",
    _l("Help requests"),
    {
        "submitted": _l("request submitted"),
        "status_changed": _l("request status changed"),
        "reopened": _l("request reopened by the requester"),
    },
)
