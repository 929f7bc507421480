"""Translated messages and labels of an assembly's work."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

#: why a session cannot be planned (rules.session_problem)
SESSION_PROBLEMS = {
    "ends_before_start": _l("The session must end after it starts."),
    "no_selection": _l(
        "Sessions can be planned once the members have been selected (the selection is drawn)."
    ),
    "before_selection": _l(
        "The session would start before the members were selected. Please choose a later date."
    ),
}

register_actions(
    "assemblies",
    _l("Citizens' assemblies"),
    {
        "attendance": _l("attendance at a session recorded"),
        "report_published": _l("citizens' report published"),
        "report_withdrawn": _l("citizens' report taken back"),
        "input_published": _l("expert input published or taken back"),
    },
)
