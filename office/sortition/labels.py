"""The translated label of every status and logged action of sortition shown to a person."""

from flask_babel import lazy_gettext as _l

RUN_STATUS = {
    "queued": _l("waiting to start"),
    "running": _l("running"),
    "done": _l("finished"),
    "failed": _l("failed"),
    "cancelled": _l("cancelled"),
}

#: the actions of the assembly's log (services.publication.audit)
AUDIT_ACTIONS = {
    "run": _l("selection started"),
    "computed": _l("selection computed"),
    "commitment": _l("seed commitment published"),
    "draw": _l("panel drawn"),
    "replacement": _l("replacement"),
    "purge": _l("personal data deleted"),
}


def label(labels: dict, code: str) -> str:
    """The label of `code`, or the code itself for one added without a label yet."""
    return str(labels.get(code, code))
