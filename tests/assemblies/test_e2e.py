"""In a real browser: after the selection, the office plans sessions (a date before the draw is
refused), records attendance, a member of staff volunteers from their account page and is
assigned as a trained co-facilitator, an expert's input with a PDF is published, and the citizens'
report goes public; every page checked with axe, the public pages in de, da and en."""

import pytest
from playwright.sync_api import expect

from office.assemblies.services import facilitators
from office.extensions import db
from office.processes.models import MinorityStatement
from tests.assemblies.factories import selected_assembly
from tests.conftest import a11y
from tests.contacts.factories import PersonFactory
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.factories import UserFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory
from tests.venues.test_e2e import _log_in

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: the public session plan's heading per language
PLAN = {"de": "Sitzungen: Bürgerrat Grün", "da": "Møder: Bürgerrat Grün",
        "en": "Sessions of Bürgerrat Grün"}  # fmt: skip


def _setup(committed_db):
    UserFactory(email="office@example.org", roles=["office_staff"])
    volunteer = UserFactory(email="joerg@example.org", name="Jörg Weiß", roles=["department_staff"])
    course = CourseFactory(title="Facilitering af borgerting")
    RegistrationFactory(
        run=RunFactory(course=course), user_id=volunteer.id, attended=True, seat_number=1
    )
    process = ProcessFactory(title="Grüne Stadt")
    assembly = selected_assembly(slug="gruen", title="Bürgerrat Grün", process=process)
    recommendation = RecommendationFactory(
        process=process, number=1, title="Bäume für jede Straße", votes_for=25, votes_against=5,
        votes_abstained=0,
    )  # fmt: skip
    committed_db.session.add(
        MinorityStatement(recommendation=recommendation, text="Lieber Fahrräder.", supporters=5)
    )
    PersonFactory(first_name="Åse", last_name="Østergård")
    committed_db.session.commit()
    return assembly


def _plan_sessions(page, url):
    page.goto(url + "/sortition/gruen")
    a11y(page)
    page.get_by_role("link", name="Sessions and report").click()
    a11y(page)
    page.get_by_role("link", name="Plan a session").click()
    a11y(page)
    page.get_by_label("Title").fill("Erste Sitzung")
    page.get_by_label("Starts").fill("2026-11-01T17:00")  # before the draw (21 November)
    page.get_by_label("Ends").fill("2026-11-01T20:00")
    page.get_by_label("Place (if it is not in the list of venues)").fill("Rathaus, Bürgersaal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("before the members were selected").first).to_be_visible()
    a11y(page)
    page.get_by_label("Starts").fill("2026-11-28T17:00")
    page.get_by_label("Ends").fill("2026-11-28T20:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Erste Sitzung", exact=True)).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Plan a session").click()
    a11y(page)
    page.get_by_label("Title").fill("Zweite Sitzung")
    page.get_by_label("Starts").fill("2099-03-10T17:00")
    page.get_by_label("Ends").fill("2099-03-10T20:00")
    page.get_by_label("Place (if it is not in the list of venues)").fill("Rathaus, Bürgersaal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Zweite Sitzung", exact=True)).to_be_visible()
    a11y(page)


def _attendance(page):
    page.get_by_role("link", name="Attendance: Erste Sitzung").click()
    a11y(page)
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("heading", name="Attendance of every member")).to_be_visible()
    a11y(page)


def _volunteer(page, url):
    _log_in(page, url, "joerg@example.org")
    page.goto(url + "/account/")
    a11y(page)
    page.get_by_role("link", name="Co-facilitate Bürgerrat Grün").click()
    a11y(page)
    page.get_by_label("When can you help").fill("dienstags")
    page.get_by_role("button", name="Volunteer").click()
    a11y(page)


def _assign(page, url):
    _log_in(page, url, "office@example.org")
    page.goto(url + "/assemblies/gruen/manage")
    a11y(page)
    page.get_by_role("link", name="Co-facilitators").click()
    a11y(page)
    page.get_by_label("Facilitation course", exact=True).select_option(
        label="Facilitering af borgerting"
    )
    page.get_by_role("button", name="Save the course").click()
    expect(page.get_by_role("cell", name="yes, took the course")).to_be_visible()
    a11y(page)
    page.get_by_label("Session", exact=True).select_option(label="Zweite Sitzung")
    page.get_by_label("Table (empty for the plenary)").fill("Tisch 2")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Zweite Sitzung (Tisch 2)")).to_be_visible()
    a11y(page)


def _expert(page):
    page.get_by_role("link", name="Experts").click()
    a11y(page)
    page.get_by_label("Topic").fill("Stadtbäume und Hitze")
    page.get_by_label("Materials (PDF or images)").set_input_files(
        files=[{"name": "Bäume.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Save the input").click()
    a11y(page)
    page.get_by_role("button", name="Publish “Stadtbäume und Hitze”").click()
    expect(page.get_by_text("public since")).to_be_visible()
    a11y(page)


def _report(page, url):
    page.get_by_role("link", name="Citizens' report").click()
    a11y(page)
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is public since")).to_be_visible()
    a11y(page)
    page.context.clear_cookies()
    page.goto(url + "/assemblies/gruen/report")
    expect(page.get_by_text("Lieber Fahrräder.")).to_be_visible()
    a11y(page)
    pdf = page.request.get(url + "/assemblies/gruen/report.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_assembly_sessions_facilitators_experts_and_report(page, live_server, committed_db):
    assembly = _setup(committed_db)
    url = live_server.url
    _log_in(page, url, "office@example.org")
    _plan_sessions(page, url)
    _attendance(page)
    _volunteer(page, url)
    _assign(page, url)
    _expert(page)
    _report(page, url)
    _log_in(page, url, "joerg@example.org")
    page.goto(url + "/account/")
    expect(page.get_by_role("link", name="Bürgerrat Grün: Zweite Sitzung")).to_be_visible()
    a11y(page)
    page.goto(url + "/assemblies/gruen/sessions")
    a11y(page)
    for locale, heading in PLAN.items():
        page.locator(f"button[name=locale][value={locale}]").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text("Åse Østergård: Stadtbäume und Hitze")).to_be_visible()
        expect(page.get_by_role("heading", name="Zweite Sitzung")).to_be_visible()
        a11y(page)
    db.session.expire_all()
    assert [f.user.name for f in facilitators.facilitators_of(assembly)] == ["Jörg Weiß"]
