"""The translated label of every status and logged action of sortition shown to a person."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

RUN_STATUS = {
    "queued": _l("waiting to start"),
    "running": _l("running"),
    "done": _l("finished"),
    "failed": _l("failed"),
    "cancelled": _l("cancelled"),
}

#: the actions sortition records in the office's audit trail
AUDIT_ACTIONS = {
    "page_online": _l("public page put online"),
    "page_offline": _l("public page taken offline"),
    "register": _l("population register imported"),
    "invitations": _l("invitations drawn"),
    "answers": _l("answers to the invitations recorded"),
    "pool": _l("pool of respondents imported"),
    "run": _l("selection started"),
    "computed": _l("selection computed"),
    "commitment": _l("seed commitment published"),
    "draw": _l("panel drawn"),
    "replacement": _l("replacement"),
    "purge": _l("personal data deleted"),
}

register_actions("sortition", _l("Sortition"), AUDIT_ACTIONS)


def label(labels: dict, code: str) -> str:
    """The label of `code`, or the code itself for one added without a label yet."""
    return str(labels.get(code, code))
