import pytest

from office.core.figures import FIGURES, Figure, register_figure
from office.core.registry import DEMO_SEEDERS


@pytest.fixture
def demo(db):
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")


def test_dashboard_has_svg_chart_and_table_for_every_figure(client, login_as, demo):
    login_as("board_member")
    page = client.get("/reports/?year=2026").get_data(as_text=True)
    assert (
        "<svg" in page and page.count("<script") == 1
    )  # only the shared progressive-enhancement file
    for key in ("requests-by-type", "requests-by-outcome", "response-times", "board-decisions"):
        assert f"/reports/figures/{key}.csv" in page
    assert "Decisions of the advisory board" in page


def test_csv_has_header_and_rows(client, login_as, demo):
    login_as("office_staff")
    response = client.get("/reports/figures/board-decisions.csv?year=2026")
    text = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert text[0] == "Outcome,Decisions"
    assert text[1:] == ["Adopted,1", "Rejected,1"]


def test_annual_report_pdf(client, login_as, demo):
    login_as("office_staff")
    response = client.get("/reports/annual.pdf?year=2026")
    assert response.data.startswith(b"%PDF") and response.mimetype == "application/pdf"
    assert "Annual report 2026" in client.get("/reports/annual?year=2026").get_data(as_text=True)


def test_module_registers_a_figure(client, login_as, db):
    register_figure(Figure(key="test-fig", title="Courses by fill rate", columns=("Course", "Fill rate"),
                           rows=lambda period: [("Moderation", 90)], chart="bar", order=99))  # fmt: skip
    try:
        login_as("office_staff")
        page = client.get("/reports/").get_data(as_text=True)
        assert "Courses by fill rate" in page and "Moderation" in page
    finally:
        FIGURES.pop("test-fig")


def test_reports_refused_to_the_public(client):
    assert client.get("/reports/").status_code == 302


def test_charts_scale_bars_and_skip_gaps_in_lines():
    from office.reports import charts

    bars = charts.bar_chart(("Month", "A", "B"), [("Jan", 2, 2), ("Feb", 1, 0)], stacked=True)
    assert [b.total for b in bars.bars] == [4, 1] and bars.max_value == 4
    assert bars.bars[0].segments[0][0] * bars.scale == pytest.approx(
        bars.bars[0].segments[1][0] * bars.scale
    )
    line = charts.line_chart([("Jan", 0, 0, None), ("Feb", 3, 3, 2.0), ("Mar", 1, 1, 4.0)])
    assert [d[2] for d in line.dots] == ["Feb", "Mar"]
    assert line.dots[1][1] < line.dots[0][1]  # higher value drawn higher


@pytest.mark.parametrize(
    ("query", "status"),
    [("?year=1999", 400), ("?start=2026-05-01&end=2026-01-01", 400), ("?start=x&end=y", 400),
     ("?start=2026-01-01&end=2026-03-31", 200)],
)  # fmt: skip
def test_report_period_checked(client, login_as, query, status):
    login_as("office_staff")
    assert client.get("/reports/annual" + query).status_code == status


def test_dashboard_has_the_figures_of_every_module(client, login_as, demo):
    login_as("office_staff")
    page = client.get("/reports/?year=2026").get_data(as_text=True)
    for key in (
        "processes-by-status-and-level",
        "courses-fill-rate",
        "courses-go-no-go",
        "neighbourhood-per-district",
    ):
        assert f"/reports/figures/{key}.csv" in page
    for title in (
        "Processes by status and participation level",
        "Course fill rates",
        "Initiatives and events per district",
    ):
        assert title in page


def test_district_figure_counts_published_initiatives(client, login_as, db):
    from tests.directory.factories import InitiativeFactory
    from tests.factories import DistrictFactory

    north = DistrictFactory(name="Nordstadt-Test")
    for status in ("published", "published", "pending"):
        initiative = InitiativeFactory(status=status)
        initiative.districts.append(north)
    db.session.commit()
    login_as("office_staff")
    csv = client.get("/reports/figures/neighbourhood-per-district.csv?year=2026").get_data(
        as_text=True
    )
    assert "Nordstadt-Test,2,0" in csv
