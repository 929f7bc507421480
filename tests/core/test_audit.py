"""The office's audit trail as an auditor checks it: operations done through the web appear on
the auditor's page and in its CSV, in order, with translated action names, ids and roles only;
the database itself refuses to change or delete an entry."""

import csv
import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from office.core import audit
from office.core.audit import AuditDetailError, AuditRecord, record
from office.core.audit_trail import TrailFilter, entries
from tests.contacts.factories import PersonFactory
from tests.factories import UserFactory
from tests.sortition.factories import AssemblyFactory


def _rows(response) -> list[dict]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_trail SET action = 'governance.vote.cast'", "DELETE FROM audit_trail"],
)
def test_trail_raw_update_or_delete_is_refused_by_the_database(db, statement):
    entry = record("contacts.import", None, UserFactory(roles=["office_staff"]), count=3)
    db.session.flush()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(sa.text(statement))
    db.session.expire_all()
    assert db.session.get(AuditRecord, entry.id).action == "contacts.import"


def test_record_with_a_detail_that_could_hold_personal_data_is_refused(db):
    with pytest.raises(AuditDetailError):
        record("contacts.import", None, None, email="someone@example.org")
    with pytest.raises(AuditDetailError):
        record("contacts.import", None, None, note="x" * (audit.MAX_DETAIL_TEXT + 1))


def test_record_names_actor_by_role_and_command_as_system(db):
    staff = UserFactory(roles=["office_staff", "board_member"])
    assert record("contacts.import", None, staff).actor_role == "office_staff"
    assert record("contacts.import", None, None).actor_role == "system"  # no request: cron


def test_auditor_page_is_for_administrators_only(client, login_as):
    login_as("office_staff")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def test_auditor_finds_web_operations_in_order_on_page_and_in_csv(client, db, login_as):
    staff = UserFactory(name="Petra Personal", email="petra.personal@example.org",
                        roles=["office_staff"])  # fmt: skip
    person = PersonFactory(first_name="Olga", last_name="Oberländer", email="olga@example.org")
    assembly = AssemblyFactory(slug="audited")
    db.session.commit()
    admin = login_as("admin")
    # 1. an administrator changes the roles of an account
    changed = client.post(f"/admin/users/{staff.id}", data={"roles": ["office_staff", "board_member"], "active": "y"})  # fmt: skip
    assert changed.status_code == 302
    # 2. exports the contact list as CSV (personal data leaves the office)
    assert client.get("/contacts/export.csv").status_code == 200
    # 3. puts the sortition transparency page online
    assert client.post("/sortition/audited/publish").status_code == 302
    # 4. exports everything about one person
    assert client.get(f"/contacts/people/{person.id}/export.json").status_code == 200
    page = client.get("/admin/audit", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Rollen oder Zugang eines Kontos geändert" in html
    rows = _rows(client.get("/admin/audit.csv", headers={"Accept-Language": "en"}))
    actions = [r["Action"] for r in rows]
    assert actions == [
        "roles or access of an account changed",
        "CSV export of a list",
        "public page put online",
        "personal data exported",
        "Data export of one person",
    ]
    assert rows[0]["Object"] == "users" and rows[0]["Object id"] == str(staff.id)
    assert rows[0]["Actor role"] == "administrator" and rows[0]["Actor id"] == str(admin.id)
    assert "board_member" in rows[0]["Details"]
    assert rows[2]["Module"] == "Sortition" and rows[2]["Object id"] == str(assembly.id)
    assert rows[4]["Object"] == "persons" and rows[4]["Object id"] == str(person.id)
    table = html[html.index('<table class="audit-trail">') : html.index("</table>")]
    every_cell = " ".join(" ".join(r.values()) for r in rows) + table
    for personal in ("Petra", "petra.personal", "Oberländer", "olga@", admin.name, admin.email):
        assert personal not in every_cell
    # filters: module, actor role, period
    only_contacts = _rows(client.get("/admin/audit.csv?module=contacts"))
    assert [r["Action"] for r in only_contacts] == ["CSV export of a list", "Data export of one person"]  # fmt: skip
    assert _rows(client.get("/admin/audit.csv?role=office_staff")) == []
    assert _rows(client.get("/admin/audit.csv?from=2000-01-01&to=2000-12-31")) == []
    assert len(_rows(client.get(f"/admin/audit.csv?actor={admin.id}"))) == 5


def test_auditor_page_with_a_bad_date_says_so_and_filters_nothing_by_it(client, db, login_as):
    login_as("admin")
    record("contacts.import", None, None, count=1, now=datetime(2026, 3, 1, 10, tzinfo=UTC))
    db.session.commit()
    assert client.get("/admin/audit.csv?to=9999-12-31").status_code == 200  # no next day: ignored
    page = client.get("/admin/audit?from=1.3.2026&to=2026-13-40")
    assert page.status_code == 400
    assert "Please give the dates as YYYY-MM-DD" in page.get_data(as_text=True)
    assert "CSV import" in page.get_data(as_text=True)
    reversed_period = client.get("/admin/audit?from=2026-03-02&to=2026-03-01")
    assert "The period ends before it starts" in reversed_period.get_data(as_text=True)


def test_trail_filter_period_is_the_office_local_days(db):
    # 23:30 UTC on 28 February is 1 March in Berlin
    record("contacts.import", None, None, count=1, now=datetime(2026, 2, 28, 23, 30, tzinfo=UTC))
    record("contacts.import", None, None, count=2, now=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    db.session.flush()
    march_first = TrailFilter(start=datetime(2026, 3, 1).date(), end=datetime(2026, 3, 1).date())
    assert [e.details["count"] for e in entries(march_first)] == [1]
