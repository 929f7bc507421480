"""Per-district figures of the evaluation: processes, courses with their participants (by
the district of the run's venue), help requests (by the districts of the requester's initiative); rows for every district, CSV, and a constant number of
statements however many rows there are."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.core.figures import Period
from office.courses import figures as course_figures
from office.directory.models import Representative
from office.extensions import db as _db
from office.processes import figures as process_figures
from office.requests import figures as request_figures
from tests.core.test_documents import pdf_text
from tests.courses.factories import CourseFactory, RunFactory, fill
from tests.directory.factories import InitiativeFactory, rep_of
from tests.factories import DistrictFactory, UserFactory
from tests.governance.factories import HelpRequestFactory
from tests.processes.factories import ProcessFactory
from tests.venues.factories import VenueFactory

YEAR = Period(date(2026, 1, 1), date(2027, 1, 1))


@pytest.fixture
def districts(db):
    return DistrictFactory(name="Am Schlaatz"), DistrictFactory(name="Babelsberg")


def _process(districts=(), public=True, starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 1)):
    process = ProcessFactory(is_public=public, starts_on=starts_on, ends_on=ends_on)
    process.districts.extend(districts)
    return process


def _run(venue, day=date(2026, 5, 4), decision=None, participants=0):
    run = RunFactory(course=CourseFactory(), first_day=day, last_day=day, days=[day],
                     directory_venue=venue, decision=decision)  # fmt: skip
    fill(run, participants)
    return run


def test_processes_per_district_count_running_ones_and_citywide(db, districts):
    schlaatz, babelsberg = districts
    _process([schlaatz])
    _process([schlaatz, babelsberg], public=False)
    _process([])  # citywide
    _process([babelsberg], starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))  # last year
    _process([babelsberg], starts_on=date(2025, 11, 1), ends_on=date(2026, 1, 1))  # into 2026
    db.session.flush()
    assert process_figures.per_district(YEAR) == [
        ("Am Schlaatz", 2, 1), ("Babelsberg", 2, 1), ("Citywide", 1, 1),
    ]


def test_courses_per_district_by_the_venue_of_the_run(db, districts):
    schlaatz, _babelsberg = districts
    centre = VenueFactory(district=schlaatz)
    _run(centre, participants=3)
    _run(centre, participants=2)
    _run(centre, decision="cancelled", participants=1)
    _run(centre, day=date(2025, 5, 5), participants=4)  # last year
    _run(None, participants=5)  # a place in words
    db.session.flush()
    assert course_figures.per_district(YEAR) == [
        ("Am Schlaatz", 2, 5), ("Babelsberg", 0, 0), ("No venue or district", 1, 5),
    ]


MAY = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def _request(requester, answered_after_hours=None, submitted_at=MAY, **fields):
    """A confirmed request, first answered that many hours after submission (due after 24)."""
    first_response = None
    if answered_after_hours is not None:
        first_response = submitted_at + timedelta(hours=answered_after_hours)
    return HelpRequestFactory(requester=requester, submitted_at=submitted_at,
                              due_at=submitted_at.replace(day=submitted_at.day + 1),
                              first_response_at=first_response, **fields)  # fmt: skip


def test_requests_per_district_by_the_requesters_initiatives(db, districts):
    schlaatz, babelsberg = districts
    garden = InitiativeFactory()
    garden.districts.append(schlaatz)
    both, park = InitiativeFactory(), InitiativeFactory()
    both.districts.extend([schlaatz, babelsberg])
    park.districts.append(babelsberg)
    gardener, organiser = rep_of(garden), rep_of(both)
    park.representatives.append(Representative(user=organiser))  # two initiatives in Babelsberg
    _request(gardener, answered_after_hours=3)  # on time
    _request(organiser, answered_after_hours=30)  # late, counted once per district
    _request(UserFactory(roles=["department_staff"]))  # a department: no district, unanswered
    _request(gardener, submitted_at=MAY.replace(year=2025))  # last year
    _request(gardener, email_confirmed_at=None)  # never confirmed
    db.session.flush()
    assert request_figures.per_district(YEAR) == [
        ("Am Schlaatz", 2, 2, 1), ("Babelsberg", 1, 1, 0), ("No district", 1, 0, 0),
    ]


def test_district_figures_on_the_dashboard_csv_and_pdf(client, login_as, db, districts, tmp_path):
    schlaatz, _babelsberg = districts
    _run(VenueFactory(district=schlaatz), participants=3)
    _process([schlaatz])
    db.session.flush()
    login_as("office_staff", locale="de")
    page = client.get("/reports/?year=2026").get_data(as_text=True)
    assert "Prozesse nach Stadtteil" in page and "Kurse und Teilnehmende nach Stadtteil" in page
    assert "Hilfeanfragen nach Stadtteil" in page
    csv = client.get("/reports/figures/courses-per-district.csv?year=2026")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Stadtteil;Kurstermine;Bestätigte Teilnehmende"
    assert lines[1:] == ["Am Schlaatz;1;3", "Babelsberg;0;0"]
    csv = client.get("/reports/figures/processes-per-district.csv?year=2026")
    assert "Am Schlaatz;1;1" in csv.get_data(as_text=True)
    text = " ".join(pdf_text(client.get("/reports/annual.pdf?year=2026").data, tmp_path).split())
    assert "Prozesse nach Stadtteil" in text and "Kurse und Teilnehmende nach Stadtteil" in text


def _count(figure) -> int:
    seen = []

    def listener(*_args, **_kwargs):
        seen.append(1)

    sa.event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        figure(YEAR)
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", listener)
    return len(seen)


@pytest.mark.parametrize(
    "figure",
    [process_figures.per_district, course_figures.per_district, request_figures.per_district],
)
def test_district_figures_take_the_same_statements_for_more_rows(db, districts, figure):
    schlaatz, babelsberg = districts
    _process([schlaatz])
    _run(VenueFactory(district=schlaatz), participants=1)
    _request(UserFactory())
    db.session.flush()
    figure(YEAR)  # the first call may load what the session caches (the period's zone)
    small = _count(figure)
    for n in range(8):
        district = DistrictFactory(name=f"District {n}")
        _process([district, babelsberg])
        _run(VenueFactory(district=district), participants=2)
        initiative = InitiativeFactory()
        initiative.districts.extend([district, babelsberg])
        _request(rep_of(initiative), answered_after_hours=2)
    db.session.flush()
    assert len(figure(YEAR)) >= 10
    assert _count(figure) == small
