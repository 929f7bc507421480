"""The session plan: planned after the selection, at a venue or a place, in the calendar."""

from datetime import timedelta

import pytest

from office.assemblies.services import sessions
from office.core.errors import DomainError
from office.events.queries import CalendarFilter, calendar_entries
from tests.assemblies.factories import (
    SELECTED_AT,
    planned_session,
    selected_assembly,
    session_data,
)
from tests.sortition.factories import AssemblyFactory
from tests.venues.factories import VenueFactory


def test_save_session_after_the_selection_is_planned(db):
    assembly = selected_assembly()
    planned_session(assembly, days=7)
    planned_session(assembly, days=3)
    assert [s.title for s in sessions.sessions_of(assembly)] == [
        "Session on day 3",
        "Session on day 7",
    ]


def test_save_session_before_the_selection_is_refused_and_nothing_stored(db):
    assembly = selected_assembly()
    with pytest.raises(DomainError, match="before the members were selected") as refused:
        planned_session(assembly, days=-1)
    assert refused.value.field == "starts_at"
    db.session.rollback()
    assert sessions.sessions_of(assembly) == []


def test_save_session_without_a_selection_is_refused(db):
    assembly = AssemblyFactory()
    with pytest.raises(DomainError, match="once the members have been selected"):
        planned_session(assembly)


def test_save_session_ending_before_it_starts_is_refused(db):
    assembly = selected_assembly()
    data = session_data(ends_at=SELECTED_AT + timedelta(days=6))
    with pytest.raises(DomainError, match="must end after it starts"):
        sessions.save_session(assembly, None, data, None)


def test_save_session_without_venue_or_place_is_refused(db):
    assembly = selected_assembly()
    with pytest.raises(DomainError, match="choose a venue or describe the place"):
        sessions.save_session(assembly, None, session_data(place="  "), None)


def test_save_session_at_a_venue_shows_the_venue_and_drops_the_free_text(db):
    assembly = selected_assembly()
    venue = VenueFactory(name="Bürgerhaus Nørrebro")
    session = sessions.save_session(
        assembly, None, session_data(venue_id=venue.id, place="ignored"), None
    )
    assert session.where.startswith("Bürgerhaus Nørrebro, ") and session.place == ""


def test_sessions_of_a_published_assembly_are_in_the_public_calendar(db):
    shown = selected_assembly(published=True, title="Bürgerrat Kassel")
    hidden = selected_assembly()
    hidden.published = False  # (the draw publishes the transparency page)
    planned_session(shown, days=7, title="Erste Sitzung")
    planned_session(hidden, days=7, title="Internal")
    window = (SELECTED_AT, SELECTED_AT + timedelta(days=30))
    entries = calendar_entries(*window, CalendarFilter())
    titles = [e.title for e in entries if e.kind == "assembly"]
    assert titles == ["Bürgerrat Kassel: Erste Sitzung"]
    assert calendar_entries(*window, CalendarFilter(kinds={"course"})) == []
