from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.contacts import queries
from office.contacts.models import Consent, Interaction, Membership, Person, Tag
from office.contacts.rules import MAX_IMPORT_ROWS
from office.contacts.services import importing, merge, people
from office.contacts.services import rights as privacy
from office.core.audit_trail import TrailFilter, entries
from office.core.errors import DomainError
from office.core.outbox import queue_mail
from office.processes.models import Suggestion
from office.processes.services import catalogue
from tests.contacts.factories import InteractionFactory, MembershipFactory, PersonFactory
from tests.factories import DistrictFactory, OrganisationFactory, UserFactory
from tests.processes.factories import ProcessFactory

HEADER = "first_name,last_name,email,organisation,tags,districts\n"


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_import_csv_creates_people_orgs_tags(db):
    DistrictFactory(name="Nordstadt")
    data = (
        HEADER + "Anna,Berg,ANNA@example.org,Radentscheid,Presse; Jugend,Nordstadt\nBo,Lund,,,,\n"
    ).encode()
    preview = importing.parse_contacts_csv(data)
    assert [len(preview.new_rows), len(preview.error_rows)] == [2, 0]
    assert importing.import_contacts(preview) == 2
    anna = db.session.scalar(sa.select(Person).where(Person.email == "anna@example.org"))
    assert anna.organisation.name == "Radentscheid" and anna.organisation.kind == "other"
    assert sorted(t.name for t in anna.tags) == ["Jugend", "Presse"]
    assert [d.name for d in anna.districts] == ["Nordstadt"]
    assert "radentscheid" in anna.search_text
    [entry] = entries(TrailFilter(action="contacts.import"))
    assert entry.details == {"count": 2}


def test_import_semicolon_separated_with_bom(db):
    data = "\ufefffirst_name;last_name;email\nÅse;Ørsted;ase@example.dk\n".encode()
    preview = importing.parse_contacts_csv(data)
    assert preview.rows[0].values["last_name"] == "Ørsted"


def test_import_marks_duplicates_in_db_and_file(db):
    PersonFactory(email="known@example.org")
    data = (
        HEADER
        + "A,One,known@example.org,,,\nB,Two,new@example.org,,,\nC,Three,NEW@example.org,,,\n"
    ).encode()
    preview = importing.parse_contacts_csv(data)
    assert [r.duplicate for r in preview.rows] == [True, False, True]
    assert importing.import_contacts(preview) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,mail\nA,a@example.org\n", "missing columns: first_name, last_name, email"),
        (b"first_name,last_name,email,birthday\n", "unknown columns: birthday"),
        ("first_name,last_name,email\nJürgen,Groß,j@example.org\n".encode("latin-1"), "UTF-8"),
        (b"", "empty"),
    ],
)
def test_import_whole_file_problems_refused_with_message(db, data, message):
    with pytest.raises(DomainError) as err:
        importing.parse_contacts_csv(data)
    assert message in str(err.value.message)
    assert _count(db, Person) == 0


def test_import_100000_rows_refused(db):
    data = (HEADER + "A,B,,,,\n" * 100_000).encode()
    with pytest.raises(DomainError) as err:
        importing.parse_contacts_csv(data)
    assert f"{MAX_IMPORT_ROWS:,}" in str(err.value.message)


def test_import_row_errors_import_nothing(db):
    data = (HEADER + "Good,Row,good@example.org,,,\nBad,,bad-email,,,Atlantis\n").encode()
    preview = importing.parse_contacts_csv(data)
    [bad] = preview.error_rows
    messages = " ".join(str(e) for e in bad.errors)
    assert bad.line == 3
    assert (
        "last name is missing" in messages
        and "not a valid email" in messages
        and "Atlantis" in messages
    )
    with pytest.raises(DomainError):
        importing.import_contacts(preview)
    assert _count(db, Person) == 0


def test_search_finds_by_name_org_tag_expertise(db):
    org = OrganisationFactory(name="Klimabündnis", kind="initiative")
    anna = people.save_person(
        Person(),
        people.PersonDetails(
            first_name="Anna",
            last_name="Berg",
            email="a@example.org",
            phone="",
            organisation=org,
            tags=["Presse"],
            expertise=["Losverfahren"],
        ),
    )
    people.save_person(
        Person(),
        people.PersonDetails(
            first_name="Bo", last_name="Lund", email=None, phone="", organisation=None
        ),
    )
    for q in ("berg", "klimabündnis", "presse", "losverfahren", "anna berg"):
        found = db.session.scalars(queries.people_query(queries.PeopleFilters(q=q))).unique().all()
        assert found == [anna], q
    by_kind = (
        db.session.scalars(queries.people_query(queries.PeopleFilters(kind="initiative")))
        .unique()
        .all()
    )
    assert by_kind == [anna]


def test_merge_moves_links_and_deletes_the_other(db):
    org = OrganisationFactory()
    keep = PersonFactory(first_name="Katharina", last_name="Müller", phone=None)
    drop = PersonFactory(first_name="Kathi", last_name="Müller", phone="0421 123")
    MembershipFactory(person=keep, organisation=org, role="Vorstand")
    MembershipFactory(
        person=drop, organisation=org, role="Mitglied"
    )  # same organisation: kept once
    MembershipFactory(person=drop, role="Sprecherin")
    InteractionFactory(person=drop, summary="Anruf wegen Werkstatt")
    privacy.give_consent(drop, "Newsletter", "v1", "web")
    tag = Tag(name="Presse")
    drop.tags = [tag]
    process = ProcessFactory(contacts=[keep, drop])
    db.session.flush()
    drop_id = drop.id

    merge.merge_people(keep, drop)

    assert db.session.get(Person, drop_id) is None
    assert keep.phone == "0421 123"
    assert sorted(m.role for m in keep.memberships) == ["Sprecherin", "Vorstand"]
    assert db.session.scalar(sa.select(Interaction.person_id)) == keep.id
    assert db.session.scalar(sa.select(Consent.person_id)) == keep.id
    assert [t.name for t in keep.tags] == ["Presse"]
    db.session.expire(process)
    assert process.contacts == [keep]


def test_merge_with_themselves_refused(db):
    person = PersonFactory()
    with pytest.raises(DomainError) as err:
        merge.merge_people(person, person)
    assert "themselves" in str(err.value.message)


def test_find_duplicates_same_email_and_similar_name_same_org(db):
    org = OrganisationFactory()
    a = PersonFactory(email="same@example.org")
    b = PersonFactory(email="same@example.org")
    c = PersonFactory(first_name="Jens", last_name="Hansen", organisation=org)
    d = PersonFactory(first_name="J.", last_name="Hansen", organisation=org)
    PersonFactory(
        first_name="Jens", last_name="Hansen", organisation=OrganisationFactory()
    )  # other org
    pairs = {(p.first.id, p.second.id, p.reason) for p in merge.find_duplicates()}
    assert pairs == {(a.id, b.id, "email"), (c.id, d.id, "name")}


def test_consent_withdrawn_once(db):
    consent = privacy.give_consent(PersonFactory(), "Newsletter", "newsletter-2026-01", "paper")
    privacy.withdraw_consent(consent, "email")
    assert consent.withdrawn_at is not None and consent.withdrawal_channel == "email"
    with pytest.raises(DomainError):
        privacy.withdraw_consent(consent, "email")


def test_export_person_has_every_module_and_audits_without_data(db, outbox):
    actor = UserFactory(roles=["office_staff"])
    person = PersonFactory(first_name="Rosa", last_name="Riedel", email="rosa@example.org")
    InteractionFactory(person=person, summary="Treffen im Stadtteilbüro")
    catalogue.submit_suggestion(ProcessFactory(), "Rosa Riedel", "rosa@example.org", "Bänke!", "en")
    data = privacy.export_person(person, actor)
    assert data["person"]["email"] == "rosa@example.org"
    assert data["modules"]["process suggestions"]["suggestions"][0]["text"] == "Bänke!"
    assert (
        data["modules"]["contacts: interactions"]["interactions"][0]["summary"]
        == "Treffen im Stadtteilbüro"
    )
    assert data["modules"]["mail"]["messages"]
    [entry] = entries(TrailFilter(module="contacts"))
    assert (entry.action, entry.subject_id, entry.actor_id) == ("contacts.export", person.id, actor.id)
    assert entry.actor_role == "office_staff" and entry.details == {"count": 1}


def _database_dump(db) -> str:
    """Every row of every table the application knows, as text."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts).lower()


def test_erased_person_email_and_name_appear_nowhere_in_a_database_dump(db, outbox):
    actor = UserFactory(roles=["office_staff"])
    org = OrganisationFactory(name="Radentscheid")
    person = people.save_person(
        Person(),
        people.PersonDetails(
            first_name="Zacharias",
            last_name="Quellenberg",
            email="zq@example.org",
            phone="0421 999",
            organisation=org,
            tags=["Presse"],
            expertise=["Verkehr"],
        ),
    )
    people.set_membership(person, org, "Sprecher", participation_contact=True)
    InteractionFactory(person=person, summary="Zacharias Quellenberg rief an")
    privacy.give_consent(person, "Newsletter", "v1", "web")
    process = ProcessFactory(contacts=[person])
    catalogue.submit_suggestion(process, "Zacharias Quellenberg", "zq@example.org", "Idee", "en")
    queue_mail(
        "zq@example.org",
        "Einladung",
        "processes/confirm_suggestion",
        suggestion=db.session.scalars(sa.select(Suggestion)).first(),
        process=process,
    )
    other = PersonFactory(first_name="Bleibt", last_name="Erhalten", email="keep@example.org")
    db.session.flush()
    assert "zq@example.org" in _database_dump(db)

    privacy.erase_person(person, actor)
    db.session.flush()

    dump = _database_dump(db)
    for secret in ("zq@example.org", "zacharias", "quellenberg", "0421 999"):
        assert secret not in dump, secret
    assert "keep@example.org" in dump and other.erased_at is None
    assert person.erased_at is not None and person.last_name == privacy.ERASED_NAME
    assert [e.subject_id for e in entries(TrailFilter(action="contacts.erase"))] == [person.id]
    with pytest.raises(DomainError):
        privacy.erase_person(person, actor)


def test_erase_calls_every_registered_handler(db, monkeypatch):
    from office.core import registry

    calls = []
    monkeypatch.setitem(
        registry.PERSONAL_DATA,
        "test module",
        registry.PersonalDataHandler("test module", dict, lambda e: calls.append(e) or 3),
    )
    changed = privacy.erase_person(PersonFactory(email="x@example.org"), None)
    assert calls == ["x@example.org"] and changed >= 4


def test_retention_lists_only_long_inactive_people(db):
    now = datetime(2026, 11, 21, tzinfo=UTC)
    old = PersonFactory(last_activity_at=now - timedelta(days=4 * 365))
    PersonFactory(last_activity_at=now - timedelta(days=2 * 365))
    PersonFactory(last_activity_at=now - timedelta(days=5 * 365), erased_at=now)
    assert db.session.scalars(queries.retention_query(now, 3)).all() == [old]


def test_logging_an_interaction_counts_as_activity(db):
    person = PersonFactory(last_activity_at=datetime(2020, 1, 1, tzinfo=UTC))
    people.log_interaction(
        kind="meeting", occurred_on=date(2026, 5, 1), summary="Treffen", author=None, person=person
    )
    assert person.last_activity_at.year >= 2026
    assert _count(db, Membership) == 0
