"""Attendance per session and the reminders cron sends before each session."""

from datetime import timedelta

import pytest

from office.assemblies.services import attendance
from office.core.errors import DomainError
from office.sortition import interface as selection
from tests.assemblies.factories import planned_session, selected_assembly


def test_record_attendance_marks_the_unticked_members_absent(db):
    assembly = selected_assembly()
    session = planned_session(assembly, days=3)
    members = selection.panel_members(assembly)
    came = attendance.record_attendance(
        session, {members[0].id, members[1].id}, session.starts_at + timedelta(hours=1)
    )
    assert came == 2
    marks = {a.respondent_id: a.present for a in session.attendance}
    assert marks == {m.id: i < 2 for i, m in enumerate(members)}


def test_record_attendance_before_the_session_is_refused(db):
    assembly = selected_assembly()
    session = planned_session(assembly, days=3)
    with pytest.raises(DomainError, match="once the session has begun"):
        attendance.record_attendance(session, set(), session.starts_at - timedelta(minutes=1))


def test_record_attendance_of_someone_not_on_the_panel_is_refused(db):
    assembly = selected_assembly()
    session = planned_session(assembly, days=3)
    with pytest.raises(DomainError, match="Only members of the panel"):
        attendance.record_attendance(session, {999999}, session.ends_at)
    assert session.attendance == []


def test_overview_lists_members_with_two_absences_for_review_and_the_rates(db):
    assembly = selected_assembly()
    first, second = planned_session(assembly, days=3), planned_session(assembly, days=10)
    members = selection.panel_members(assembly)
    everyone_but_one = {m.id for m in members[1:]}
    attendance.record_attendance(first, everyone_but_one, first.ends_at)
    attendance.record_attendance(second, everyone_but_one, second.ends_at)
    view = attendance.overview(assembly)
    assert view.for_review == [members[0].external_id]
    assert view.rates == {first.id: 0.75, second.id: 0.75}
    assert view.run_id is not None


def test_attendance_figure_counts_the_sessions_of_the_period(db):
    from datetime import date

    from office.assemblies.figures import attendance_per_session
    from office.core.figures import Period

    assembly = selected_assembly(title="Bürgerrat Grün")
    session = planned_session(assembly, days=3, title="Erste Sitzung")
    planned_session(assembly, days=80, title="Later")
    members = selection.panel_members(assembly)
    attendance.record_attendance(session, {m.id for m in members[:3]}, session.ends_at)
    rows = attendance_per_session(Period(date(2026, 11, 1), date(2026, 12, 1)))
    assert rows == [("Bürgerrat Grün: Erste Sitzung", 4, 3)]
    assert attendance_per_session(Period(date(2027, 1, 1), date(2027, 2, 1))) == []
