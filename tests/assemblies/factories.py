"""An assembly after its selection, and sessions of it."""

from datetime import timedelta

from office.assemblies.services import sessions
from office.extensions import db
from tests.sortition.factories import NOW, assembly_with_pool, drawn_run

#: the selection of `selected_assembly` was drawn at NOW (21 November 2026, 12:00 UTC)
SELECTED_AT = NOW


def selected_assembly(**attrs):
    """An assembly whose panel of four (of twelve respondents) has been drawn at NOW."""
    assembly = assembly_with_pool(**attrs)
    drawn_run(assembly)
    db.session.flush()
    return assembly


def session_data(days: int = 7, hours: int = 3, **fields) -> sessions.SessionData:
    """A session `days` after the selection, `hours` long, in the town hall."""
    start = SELECTED_AT + timedelta(days=days)
    values = {"title": f"Session on day {days}", "starts_at": start,
              "ends_at": start + timedelta(hours=hours), "place": "Rathaus Kassel, Bürgersaal"}  # fmt: skip
    return sessions.SessionData(**(values | fields))


def planned_session(assembly, days: int = 7, **fields):
    return sessions.save_session(assembly, None, session_data(days, **fields), None)
