"""The contacts search is kept whole per viewer (office.core.staff_pages) and is never stale."""

from office.contacts.services import people
from office.core import privacy
from tests.contacts.factories import MembershipFactory, PersonFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.processes.querycount import recorded_statements, without_tokens

SEARCH = "/contacts/?q=holm"


def test_kept_search_reads_only_change_tokens_on_the_next_load(client, db, login_as):
    login_as("office_staff")
    PersonFactory(first_name="Hanne", last_name="Holm", search_text="hanne holm")
    db.session.commit()
    assert "Holm, Hanne" in client.get(SEARCH).text
    with recorded_statements() as statements:
        assert "Holm, Hanne" in client.get(SEARCH).text
    assert without_tokens(statements) == []


def test_kept_search_shows_a_person_a_colleague_adds_on_the_next_load(
    client, client_of, db, login_as
):
    login_as("office_staff")
    colleague = UserFactory(roles=["office_staff"])
    db.session.commit()
    assert "Holm, Hanne" not in client.get(SEARCH).text
    response = client_of(colleague).post(
        "/contacts/people/new", data={"first_name": "Hanne", "last_name": "Holm"}
    )
    assert response.status_code == 302
    assert "Holm, Hanne" in client.get(SEARCH).text


def test_kept_search_shows_a_renamed_organisation_on_the_next_load(client, db, login_as):
    login_as("office_staff")
    org = OrganisationFactory(name="Mieterverein")
    person = PersonFactory(first_name="Hanne", last_name="Holm", organisation=org)
    MembershipFactory(person=person, organisation=org)
    people.refresh_search_text(person)
    db.session.commit()
    assert "Mieterverein" in client.get(SEARCH).text
    people.save_organisation(org, name="Mieterbund")
    db.session.commit()
    page = client.get(SEARCH).text
    assert "Mieterbund" in page and "Mieterverein" not in page


def test_kept_search_leaves_out_a_person_erased_office_wide(client, db, login_as):
    admin = login_as("office_staff")
    PersonFactory(first_name="Hanne", last_name="Holm", email="hanne@example.org")
    db.session.commit()
    assert "Holm, Hanne" in client.get("/contacts/?q=hanne").text
    privacy.erase_everywhere("hanne@example.org", admin)
    db.session.commit()
    assert "Holm, Hanne" not in client.get("/contacts/?q=hanne").text
