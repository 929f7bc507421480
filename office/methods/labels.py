"""Translated labels of the toolkit's fixed values (also used by processes)."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

LEVEL_LABELS = {
    "inform": _l("Inform"),
    "consult": _l("Consult"),
    "involve": _l("Involve / co-create"),
    "decide": _l("Decide"),
}
GOAL_LABELS = {
    "recommendations": _l("Recommendations to the council"),
    "ideas": _l("Collect ideas"),
    "feedback": _l("Opinions and feedback"),
    "co_design": _l("Design a solution together"),
    "network": _l("Connect and activate people"),
    "implementation": _l("Put results into practice"),
}


def level_choices():
    return list(LEVEL_LABELS.items())


def goal_choices():
    return list(GOAL_LABELS.items())


register_actions(
    "methods",
    _l("Method cards"),
    {
        "created": _l("method card created"),
        "changed": _l("method card changed"),
    },
)
