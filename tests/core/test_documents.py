"""Every PDF the app hands out, in German, Danish and English, with names and signs of the
cities we serve: the text extracted by poppler's pdftotext holds every letter and sign, the
office's name, and numbers and money in the reader's format."""

import shutil
import subprocess
from decimal import Decimal

import pytest

from office.core.clock import utcnow
from office.core.figures import FIGURES, Figure, register_figure
from office.courses.invoicing import issue
from office.sortition.services import pool as respondent_pool
from office.sortition.services import replacements
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.sortition.factories import assembly_with_pool, drawn_run

OFFICE = "Borgerkontoret Åbenrå – Büro „Mitte“"
NAMES = ["Jelena Petrović", "Ayşe Yılmaz", "Paweł Wójcik", "Søren Ærø", "Jürgen Groß", "Åse Kjær"]
SIGNS = ["ć", "ı", "ł", "ş", "ø", "å", "æ", "ß", "€", "„", "“", "–"]
#: 1234.5 in each language, as money and as a plain number
MONEY = {"de": "1.234,50 €", "da": "1.234,50 €", "en": "€1,234.50"}
NUMBER = {"de": "1.234,5", "da": "1.234,5", "en": "1,234.5"}
LANGUAGES = ["de", "da", "en"]


def pdf_text(data: bytes, tmp_path) -> str:
    """The text a reader copies out of the PDF (pdftotext is required, as in .ci/run)."""
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is required"
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def office_name(app):
    saved = app.config["OFFICE_NAME"], app.config["OFFICE_CURRENCY"]
    app.config.update(OFFICE_NAME=OFFICE, OFFICE_CURRENCY="EUR")
    yield OFFICE
    app.config["OFFICE_NAME"], app.config["OFFICE_CURRENCY"] = saved


@pytest.fixture(params=LANGUAGES)
def reader(request, client, login_as, office_name):
    login_as("office_staff")
    with client.session_transaction() as session:
        session["locale"] = request.param
    return request.param


def _fetch(client, url: str, tmp_path) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf", url
    text = pdf_text(response.data, tmp_path)
    assert OFFICE in text.replace("\n", " "), url
    return text


def _assert_all(text: str, expected) -> None:
    missing = [s for s in expected if s not in text]
    assert not missing, f"missing in the PDF text: {missing}"


def _run_with_names():
    course = CourseFactory(
        title="„Bürgerhaushalt“ – Łódź & Åbenrå", price=Decimal("1234.50"), price_basis="course"
    )
    run = RunFactory(course=course, decision="confirmed")
    for seat, name in enumerate(NAMES, start=1):
        RegistrationFactory(
            run=run, seat_number=seat, name=name, attended=True, price=run.price_excl_vat,
            organisation="Økonomiforvaltningen Århus", routing_id="5798000020016",
            billing_street="Rådhuspladsen 2", billing_postcode="8000", billing_city="Aarhus C",
            billing_country="DK",
        )  # fmt: skip
    return run


def test_programme(client, db, reader, tmp_path):
    _run_with_names()
    text = _fetch(client, "/courses/programme.pdf", tmp_path)
    _assert_all(text, ["„Bürgerhaushalt“ – Łódź & Åbenrå", MONEY[reader]])


def test_certificates(client, db, reader, tmp_path):
    run = _run_with_names()
    text = _fetch(client, f"/courses/manage/runs/{run.id}/certificates.pdf", tmp_path)
    _assert_all(text, [*NAMES, "Økonomiforvaltningen Århus", "„Bürgerhaushalt“"])


def test_invoice(client, db, reader, tmp_path):
    run = _run_with_names()
    [invoice] = issue.issue_invoices(run, None, utcnow())
    db.session.commit()
    text = _fetch(client, f"/courses/manage/invoices/{invoice.id}.pdf", tmp_path)
    total = {"de": "7.407,00 €", "da": "7.407,00 €", "en": "€7,407.00"}[reader]
    vat = {"de": "19 %", "da": "19 %", "en": "19%"}[reader]
    _assert_all(text, [*NAMES, "Økonomiforvaltningen Århus", total, vat])


def test_annual_report_has_charts_and_local_numbers(client, db, reader, tmp_path):
    rows = [(name, 1234.5 if i == 0 else i) for i, name in enumerate(NAMES)]
    register_figure(Figure(key="test-glyphs", title="Teilnahme „Mitte“ – Ærø", columns=("Name", "€"),
                           rows=lambda period: rows, chart="bar", order=0))  # fmt: skip
    try:
        text = _fetch(client, "/reports/annual.pdf?year=2026", tmp_path)
    finally:
        FIGURES.pop("test-glyphs")
    _assert_all(text, [*NAMES, "Teilnahme „Mitte“ – Ærø", NUMBER[reader]])
    # each name is drawn twice: as the label of its bar and in the table below the chart
    assert all(text.count(name) == 2 for name in NAMES), text


def test_selection_report(client, db, reader, tmp_path):
    assembly = assembly_with_pool(title="Bürgerrat „Klima“ – Ærø")
    for i, person in enumerate(respondent_pool.respondents(assembly)):
        person.name = NAMES[i % len(NAMES)]
    run = drawn_run(assembly)
    db.session.commit()
    text = _fetch(client, f"/sortition/runs/{run.id}/report.pdf", tmp_path)
    panel = replacements.current_panel(run)[0]
    people = {p.external_id: p.name for p in respondent_pool.respondents(assembly)}
    _assert_all(text, ["Bürgerrat „Klima“ – Ærø", *(people[k] for k in panel)])


def test_every_sign_is_covered_by_the_tests_above():
    covered = OFFICE + "".join(NAMES) + "„Bürgerhaushalt“ – Łódź & Åbenrå" + "".join(MONEY.values())
    assert all(sign in covered for sign in SIGNS)
