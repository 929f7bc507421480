import csv
import io
import json

import pytest
import sqlalchemy as sa

from office.contacts.models import Person
from office.contacts.services.people import refresh_search_text
from office.core.audit_trail import TrailFilter, entries
from tests.contacts.factories import MembershipFactory, PersonFactory
from tests.factories import OrganisationFactory
from tests.processes.querycount import count_queries


@pytest.mark.parametrize(
    "url",
    [
        "/contacts/",
        "/contacts/import",
        "/contacts/duplicates",
        "/contacts/retention",
        "/contacts/audit",
        "/contacts/export.csv",
        "/contacts/organisations",
    ],
)
@pytest.mark.parametrize("role", ["department_staff", "initiative_rep", "board_member"])
def test_crm_refused_to_everyone_but_office_staff(client, db, login_as, url, role):
    login_as(role)
    assert client.get(url).status_code == 403


def test_crm_requires_login(client, db):
    assert client.get("/contacts/").status_code == 302


def test_department_staff_read_department_directory(client, db, login_as):
    department = OrganisationFactory(name="Stadtplanung")
    MembershipFactory(
        person=PersonFactory(first_name="Dana", last_name="Plan"),
        organisation=department,
        participation_contact=True,
    )
    MembershipFactory(
        person=PersonFactory(first_name="Nicht", last_name="Kontakt"), organisation=department
    )
    login_as("department_staff")
    html = client.get("/contacts/departments").get_data(as_text=True)
    assert "Dana Plan" in html and "Nicht Kontakt" not in html
    login_as("initiative_rep")
    assert client.get("/contacts/departments").status_code == 403


def test_staff_creates_person_and_finds_them(client, db, login_as):
    login_as("office_staff")
    org = OrganisationFactory(name="Mieterverein")
    response = client.post(
        "/contacts/people/new",
        data={
            "first_name": "Hanne",
            "last_name": "Holm",
            "email": "Hanne@Example.org",
            "organisation": org.id,
            "tags": "Presse, Newsletter",
            "expertise": "Wohnen",
        },
    )
    assert response.status_code == 302
    html = client.get("/contacts/?q=mieterverein").get_data(as_text=True)
    assert "Holm, Hanne" in html and "hanne@example.org" in html


def test_search_query_count_constant_as_data_grows(client, db, login_as):
    login_as("office_staff")

    def seed(n):
        org = OrganisationFactory()
        for _ in range(n):
            p = PersonFactory(organisation=org)
            MembershipFactory(person=p, organisation=org)

    seed(3)
    with count_queries() as small:
        assert client.get("/contacts/?q=vorname").status_code == 200
    seed(120)
    with count_queries() as large:
        assert client.get("/contacts/?q=vorname").status_code == 200
    assert large.count == small.count


def test_export_csv_of_filtered_list_is_audited_without_data(client, db, login_as):
    staff = login_as("office_staff")
    org = OrganisationFactory(name="Jugendrat")
    for name in ("Ada", "Bea"):
        p = PersonFactory(first_name=name, organisation=org)
        MembershipFactory(person=p, organisation=org)
        refresh_search_text(p)
    PersonFactory(first_name="Other")
    response = client.get(f"/contacts/export.csv?organisation={org.id}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(r["first_name"] for r in rows) == ["Ada", "Bea"]
    assert {r["organisation"] for r in rows} == {"Jugendrat"}
    [entry] = entries(TrailFilter(action="contacts.csv_export"))
    assert (entry.details, entry.actor_id, entry.subject_id) == ({"count": 2}, staff.id, None)


def test_import_preview_then_confirm(client, db, login_as):
    login_as("office_staff")
    PersonFactory(email="known@example.org")
    db.session.commit()
    data = b"first_name,last_name,email\nNew,Person,new@example.org\nOld,Person,known@example.org\n"
    preview = client.post(
        "/contacts/import",
        data={"file": (io.BytesIO(data), "contacts.csv")},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert "1 new contact" in html and "1 duplicate by email" in html
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1
    )  # nothing stored yet
    token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/contacts/import/confirm", data={"token": token}).status_code == 302
    assert db.session.scalar(sa.select(Person).where(Person.email == "new@example.org")) is not None


def test_import_wrong_columns_message(client, db, login_as):
    login_as("office_staff")
    response = client.post(
        "/contacts/import",
        data={"file": (io.BytesIO(b"name;mail\nA;B\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "missing columns: first_name, last_name, email" in response.get_data(as_text=True)


def test_import_row_errors_shown_and_no_confirm_button(client, db, login_as):
    login_as("office_staff")
    data = b"first_name,last_name,email\nA,,broken\n"
    html = client.post(
        "/contacts/import",
        data={"file": (io.BytesIO(data), "x.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "The last name is missing." in html and "not a valid email address" in html
    assert "/contacts/import/confirm" not in html


def test_import_command_progress_and_summary(app, db, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "first_name,last_name,email\nA,Alpha,a@example.org\nB,Beta,b@example.org\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 contacts imported, 0 duplicates skipped" in result.output


def test_import_command_bad_file_exits_nonzero_imports_nothing(app, db, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "first_name,last_name,email\nA,,a@example.org\nB,Beta,b@example.org\n", encoding="utf-8"
    )
    result = app.test_cli_runner().invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 1
    assert "line 2: The last name is missing." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_merge_page_merges_and_refuses_self(client, db, login_as):
    login_as("office_staff")
    keep, drop = PersonFactory(last_name="Hansen"), PersonFactory(last_name="Hansen")
    db.session.commit()
    same = client.post("/contacts/merge", data={"keep": keep.id, "drop": keep.id})
    assert "cannot be merged with themselves" in same.get_data(as_text=True)
    response = client.post("/contacts/merge", data={"keep": keep.id, "drop": drop.id})
    assert response.status_code == 302
    assert db.session.get(Person, drop.id) is None


def test_person_json_export_and_erase(client, db, login_as):
    login_as("office_staff")
    person = PersonFactory(first_name="Rosa", last_name="Riedel", email="rosa@example.org")
    response = client.get(f"/contacts/people/{person.id}/export.json")
    assert json.loads(response.data)["person"]["email"] == "rosa@example.org"
    wrong = client.post(f"/contacts/people/{person.id}/erase", data={"confirm": "yes"})
    assert "Type ERASE to confirm." in wrong.get_data(as_text=True)
    assert (
        client.post(f"/contacts/people/{person.id}/erase", data={"confirm": "ERASE"}).status_code
        == 302
    )
    assert person.email is None and client.get(f"/contacts/people/{person.id}").status_code == 404
    trail = [e.action for e in entries(TrailFilter(module="contacts"))]
    assert trail == ["contacts.export", "contacts.erase"]


def test_interaction_and_consent_logged_from_person_page(client, db, login_as):
    login_as("office_staff")
    person = PersonFactory()
    client.post(
        f"/contacts/people/{person.id}/interactions",
        data={
            "interaction-kind": "call",
            "interaction-occurred_on": "2026-05-02",
            "interaction-summary": "Rückruf wegen Werkstatt",
        },
    )
    client.post(
        f"/contacts/people/{person.id}/consents",
        data={
            "consent-purpose": "Newsletter",
            "consent-text_version": "nl-2026",
            "consent-channel": "paper",
        },
    )
    html = client.get(f"/contacts/people/{person.id}").get_data(as_text=True)
    assert "Rückruf wegen Werkstatt" in html and "nl-2026" in html and "Withdraw" in html


def test_person_page_lists_processes_they_are_contact_for(client, db, login_as):
    from tests.processes.factories import ProcessFactory

    login_as("office_staff")
    person = PersonFactory()
    ProcessFactory(title="Radverkehrskonzept", contacts=[person])
    assert "Radverkehrskonzept" in client.get(f"/contacts/people/{person.id}").get_data(
        as_text=True
    )
