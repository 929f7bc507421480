"""Co-facilitators: volunteering, who took the course, assignments without double booking."""

from datetime import timedelta

import pytest

from office.assemblies.models import FacilitatorAssignment
from office.assemblies.services import facilitators, sessions
from office.core.errors import DomainError
from tests.assemblies.factories import SELECTED_AT, planned_session, selected_assembly
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.factories import UserFactory


def _volunteer(assembly, name="Søren Ærø", **attrs):
    user = UserFactory(name=name, roles=["department_staff"], **attrs)
    return facilitators.volunteer(assembly, user, "Tuesdays", SELECTED_AT)


def test_volunteer_twice_is_refused(db):
    assembly = selected_assembly()
    first = _volunteer(assembly)
    with pytest.raises(DomainError, match="already volunteered"):
        facilitators.volunteer(assembly, first.user, "", SELECTED_AT)


def test_trained_are_the_volunteers_who_attended_the_facilitation_course(db):
    assembly = selected_assembly()
    trained = _volunteer(assembly, name="Jürgen Groß")
    by_address = _volunteer(assembly, name="Åse Østergård", email="aase@kk.dk")
    untrained = _volunteer(assembly, name="Ida Holm")
    course = CourseFactory(title="Facilitering af borgerting")
    run = RunFactory(course=course)
    RegistrationFactory(run=run, user_id=trained.user_id, attended=True, seat_number=1)
    RegistrationFactory(run=run, email="AASE@kk.dk", attended=True, seat_number=2)
    RegistrationFactory(run=run, user_id=untrained.user_id, attended=False, seat_number=3)
    volunteers = facilitators.facilitators_of(assembly)
    assert facilitators.trained_user_ids(assembly, volunteers) == set()  # no course chosen
    facilitators.set_facilitation_course(assembly, course.id)
    assert facilitators.trained_user_ids(assembly, volunteers) == {
        trained.user_id, by_address.user_id,
    }  # fmt: skip


def test_assign_to_two_sessions_at_the_same_time_is_refused_and_nothing_stored(db):
    one, other = selected_assembly(), selected_assembly()
    facilitator = _volunteer(one)
    also = facilitators.volunteer(other, facilitator.user, "", SELECTED_AT)
    first = planned_session(one, days=7, title="Erste Sitzung")
    overlapping = planned_session(other, days=7, title="Første møde", hours=5)
    facilitators.assign(first, facilitator.id, "Tisch 1")
    db.session.commit()
    with pytest.raises(DomainError, match="already facilitates “Erste Sitzung” at that time"):
        facilitators.assign(overlapping, also.id, "Bord 2")
    db.session.rollback()
    assert [(a.session.title, a.table) for a in db.session.query(FacilitatorAssignment)] == [
        ("Erste Sitzung", "Tisch 1")
    ]


def test_assign_back_to_back_sessions_is_allowed(db):
    assembly = selected_assembly()
    facilitator = _volunteer(assembly)
    morning = planned_session(assembly, days=7, hours=3)
    afternoon = planned_session(
        assembly, days=7, title="Afternoon",
        starts_at=morning.ends_at, ends_at=morning.ends_at + timedelta(hours=2),
    )  # fmt: skip
    facilitators.assign(morning, facilitator.id, "")
    facilitators.assign(afternoon, facilitator.id, "Tisch 2")
    assert [a.table for a in facilitator.assignments] == ["", "Tisch 2"]


def test_assign_twice_to_one_session_or_someone_of_another_assembly_is_refused(db):
    assembly, other = selected_assembly(), selected_assembly()
    facilitator, stranger = _volunteer(assembly), _volunteer(other, name="Anna")
    session = planned_session(assembly)
    facilitators.assign(session, facilitator.id, "")
    with pytest.raises(DomainError, match="already assigned to this session"):
        facilitators.assign(session, facilitator.id, "Tisch 4")
    with pytest.raises(DomainError, match="volunteer of this assembly"):
        facilitators.assign(session, stranger.id, "")


def test_moving_a_session_onto_another_of_its_facilitator_is_refused(db):
    assembly = selected_assembly()
    facilitator = _volunteer(assembly)
    first, second = planned_session(assembly, days=7), planned_session(assembly, days=8)
    facilitators.assign(first, facilitator.id, "")
    facilitators.assign(second, facilitator.id, "")
    moved = sessions.SessionData(
        title=second.title, starts_at=first.starts_at, ends_at=first.ends_at, place="Rathaus"
    )
    with pytest.raises(DomainError, match="facilitates"):
        sessions.save_session(assembly, second, moved, None)


def test_export_and_erasure_of_a_facilitator(db):
    from office.assemblies import privacy

    assembly = selected_assembly(title="Bürgerrat Grün")
    facilitator = _volunteer(assembly, email="Joerg@Example.org")
    facilitators.assign(planned_session(assembly, title="Erste Sitzung"), facilitator.id, "Tisch 1")
    exported = privacy.export("joerg@example.org")["assembly_facilitation"]
    assert exported[0]["assembly"] == "Bürgerrat Grün" and exported[0]["note"] == "Tuesdays"
    assert exported[0]["sessions"][0]["table"] == "Tisch 1"
    assert privacy.erase("joerg@example.org") == 1
    assert facilitators.facilitators_of(assembly) == []
