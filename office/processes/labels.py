"""Translated labels of the catalogue's fixed values."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

STATUS_LABELS = {
    "planned": _l("Planned"),
    "running": _l("Running"),
    "completed": _l("Completed"),
    "paused": _l("Paused"),
}
ANSWER_LABELS = {
    "pending": _l("Answer pending"),
    "accepted": _l("Accepted"),
    "partly": _l("Partly accepted"),
    "rejected": _l("Rejected"),
}
IMPLEMENTATION_LABELS = {
    "open": _l("Not started"),
    "in_progress": _l("In progress"),
    "implemented": _l("Implemented"),
    "not_implemented": _l("Not implemented"),
}
SUGGESTION_LABELS = {
    "unconfirmed": _l("Email not confirmed"),
    "pending": _l("Waiting for moderation"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
}

PLEDGE_LABELS = {
    "pledged": _l("Pledged"),
    "in_progress": _l("Under way"),
    "done": _l("Done"),
    "withdrawn": _l("Withdrawn"),
}
KIND_LABELS = {
    "process": _l("Participation process"),
    "assembly": _l("Citizens' assembly"),
    "strategy_meeting": _l("Strategy meeting"),
}
STAGE_LABELS = {
    "draft": _l("Draft"),
    "open_for_comment": _l("Open for comment"),
    "final": _l("Final"),
}
COMMENT_LABELS = {
    "pending": _l("Waiting for moderation"),
    "published": _l("Published"),
    "rejected": _l("Not published"),
}

register_actions(
    "processes",
    _l("Participation processes"),
    {
        "created": _l("process created"),
        "changed": _l("process changed"),
        "deleted": _l("process deleted"),
        "suggestion_moderated": _l("suggestion moderated"),
        "proposal_decided": _l("process proposal decided"),
        "answer_recorded": _l("political answer recorded"),
        "council_answer_taken": _l("political answer taken from the council system"),
        "progress_reported": _l("implementation progress reported"),
    },
)
