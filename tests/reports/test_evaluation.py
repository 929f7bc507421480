"""The pilot's evaluation: assemblies (invitations, answers, response rates by stratum),
course satisfaction, venues per district; on the dashboard, as CSV and in the yearly PDF in
German, Danish and English."""

from datetime import UTC, datetime

import pytest

from office.core.figures import Period
from office.courses.models import Feedback
from office.sortition import figures as sortition_figures
from office.sortition.models import RegisterEntry, Respondent
from office.venues import figures as venue_figures
from tests.core.test_documents import pdf_text
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.factories import DistrictFactory
from tests.sortition.factories import AssemblyFactory
from tests.venues.factories import VenueFactory

YEAR = Period(datetime(2026, 1, 1).date(), datetime(2027, 1, 1).date())


@pytest.fixture
def assembly(db):
    assembly = AssemblyFactory(
        title="Bürger:innenrat Klima", invitation_count=6, panel_size=4,
        invitation_drawn_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    db.session.flush()
    answers = {"Nord": ["yes", "no", None], "Süd": ["yes", "yes", "unreachable"]}
    rank = 0
    for stratum, given in answers.items():
        for answer in given:
            rank += 1
            db.session.add(RegisterEntry(
                assembly_id=assembly.id, external_id=f"R{rank}", name=f"Person {rank}",
                address="Weg 1", postcode="14467", stratum=stratum, invitation_rank=rank,
                answer=answer,
            ))  # fmt: skip
    db.session.add(RegisterEntry(assembly_id=assembly.id, external_id="R99", name="Not invited",
                                 address="Weg 2", postcode="14467", stratum="Nord"))  # fmt: skip
    for n in range(3):
        db.session.add(Respondent(assembly_id=assembly.id, external_id=f"P{n}", features={}))
    AssemblyFactory(title="Last year", invitation_count=9,
                    invitation_drawn_at=datetime(2025, 5, 1, tzinfo=UTC))  # fmt: skip
    db.session.flush()
    return assembly


def test_assembly_invitations_answers_and_rate(assembly):
    assert sortition_figures.invitations_and_answers(YEAR) == [
        ("Bürger:innenrat Klima", 6, 3, 3, 4, 50.0)
    ]


def test_response_rates_by_stratum(assembly):
    assert sortition_figures.response_rates_by_stratum(YEAR) == [
        ("Nord", 3, 1, 33.3), ("Süd", 3, 2, 66.7),
    ]


def test_venues_per_district_counts_access(db):
    north = DistrictFactory(name="Nord")
    VenueFactory(district=north, step_free=True, hearing_loop=True)
    VenueFactory(district=north, step_free=True)
    VenueFactory(district=north, status="pending", step_free=True)
    assert venue_figures.venues_per_district(YEAR) == [("Nord", 2, 2, 0, 1, 0)]


@pytest.fixture
def rated_course(db):
    course = CourseFactory(title="Moderation basics")
    run = RunFactory(course=course, first_day=datetime(2026, 4, 14).date())
    for seat, rating in enumerate((5, 4), 1):
        registration = RegistrationFactory(run=run, seat_number=seat)
        db.session.add(Feedback(registration=registration, rating=rating))
    db.session.flush()
    return course


def test_course_satisfaction_average(rated_course):
    from office.courses.figures import satisfaction

    assert satisfaction(YEAR) == [("Moderation basics", 2, 4.5)]


@pytest.mark.parametrize(
    ("locale", "title", "month", "stratum_title"),
    [
        ("de", "Jahresbericht 2026", "Januar 2026", "Rücklaufquoten nach Schicht"),
        ("da", "Årsrapport 2026", "januar 2026", "Svarprocent pr. stratum"),
        ("en", "Annual report 2026", "January 2026", "Response rates by stratum"),
    ],
)
def test_yearly_report_and_pdf_in_each_language(
    client, login_as, assembly, rated_course, tmp_path, locale, title, month, stratum_title
):
    login_as("office_staff", locale=locale)
    page = client.get("/reports/annual?year=2026").get_data(as_text=True)
    assert title in page and "Bürger:innenrat Klima" in page and stratum_title in page
    text = pdf_text(client.get("/reports/annual.pdf?year=2026").data, tmp_path)
    assert month in text and stratum_title in text
    assert "Bürger:innenrat Klima" in text and "Moderation basics" in text


def test_evaluation_csv(client, login_as, assembly):
    login_as("office_staff", locale="en")
    response = client.get("/reports/figures/assemblies-response-by-stratum.csv?year=2026")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Stratum,Invitations,Joined the pool,Response rate (%)"
    assert lines[1:] == ["Nord,3,1,33.3", "Süd,3,2,66.7"]
