"""In a real browser, as office staff: import contacts with a preview, then merge two people."""

import pytest
from playwright.sync_api import expect

from tests.conftest import a11y
from tests.contacts.factories import PersonFactory
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e


def _login(page, live_server):
    page.goto(live_server.url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You are logged in.")).to_be_visible()
    a11y(page)


def test_staff_imports_csv_after_preview(page, live_server, committed_db, tmp_path):
    UserFactory(email="staff@example.org", roles=["office_staff"])
    PersonFactory(first_name="Known", last_name="Person", email="known@example.org")
    committed_db.session.commit()
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_text(
        "first_name;last_name;email;organisation\n"
        "Ida;Lund;ida@example.org;Radentscheid\n"
        "Known;Again;known@example.org;\n",
        encoding="utf-8",
    )
    _login(page, live_server)
    page.goto(live_server.url + "/contacts/import")
    a11y(page)
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("1 new contact", exact=True)).to_be_visible()
    expect(page.get_by_text("Duplicate: this email is known already")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Import 1 contact").click()
    expect(page.get_by_text("1 contacts imported.")).to_be_visible()
    a11y(page)
    page.get_by_label("Search names, organisations, tags, expertise").fill("radentscheid")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Lund, Ida")).to_be_visible()
    a11y(page)


def test_staff_merges_two_people(page, live_server, committed_db):
    UserFactory(email="staff@example.org", roles=["office_staff"])
    org = OrganisationFactory(name="Seniorenbeirat")
    PersonFactory(
        first_name="Katharina", last_name="Brandt", email="kb@example.org", organisation=org
    )
    PersonFactory(
        first_name="Kathi", last_name="Brandt", email=None, phone="0421 55", organisation=org
    )
    committed_db.session.commit()
    _login(page, live_server)
    page.goto(live_server.url + "/contacts/duplicates")
    a11y(page)
    page.get_by_role("link", name="Merge Katharina Brandt and Kathi Brandt").click()
    expect(page.get_by_role("heading", name="Merge two entries")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("The two entries are merged.")).to_be_visible()
    expect(page.get_by_text("0421 55")).to_be_visible()
    a11y(page)
    page.goto(live_server.url + "/contacts/duplicates")
    expect(page.get_by_text("No likely duplicates found.")).to_be_visible()
    a11y(page)


def test_staff_pages_of_crm_and_catalogue_pass_axe(page, live_server, committed_db):
    from office.methods.services import install_method_cards
    from office.processes.services.catalogue import propose_process
    from tests.contacts.factories import InteractionFactory, MembershipFactory
    from tests.processes.factories import ProcessFactory, RecommendationFactory

    staff = UserFactory(email="staff@example.org", roles=["office_staff"])
    install_method_cards()
    org = OrganisationFactory(name="Stadtplanung")
    person = PersonFactory(first_name="Dana", last_name="Plan", organisation=org)
    MembershipFactory(person=person, organisation=org, participation_contact=True)
    InteractionFactory(person=person)
    rec = RecommendationFactory(process=ProcessFactory(title="Bürgerrat", contacts=[person]))
    from flask import current_app

    with current_app.test_request_context():  # the help request's mails carry links
        propose_process(staff, "Spielplatz", "Bitte beteiligen")
    committed_db.session.commit()
    _login(page, live_server)
    for path in (
        f"/contacts/people/{person.id}/edit",
        f"/contacts/people/{person.id}/erase",
        "/contacts/organisations",
        f"/contacts/organisations/{org.id}",
        "/contacts/organisations/new",
        "/contacts/departments",
        "/contacts/retention?years=1",
        "/contacts/audit",
        "/processes/suggestions",
        "/processes/proposals",
        "/processes/propose",
        f"/processes/recommendations/{rec.id}",
        f"/processes/{rec.process_id}/recommendations/new",
        "/processes/print",
        "/methods/world-cafe/edit",
    ):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        a11y(page)
