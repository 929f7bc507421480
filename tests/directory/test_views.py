import csv
import io
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from office.auth.models import User
from office.directory.models import Initiative
from office.extensions import db as _db
from tests.directory.factories import InitiativeFactory, rep_of
from tests.directory.test_services import png_bytes
from tests.factories import DistrictFactory, TopicFactory

PASSWORD = "a long enough password"


def registration(**overrides):
    return {
        "name": "Lastenrad-Verleih",
        "short_description": "Cargo bikes for everyone.",
        "rep_name": "Rita Rep",
        "email": "rita@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "consent": "y",
        **overrides,
    }


def test_register_then_confirm_by_link(client, db, outbox):
    district = DistrictFactory()
    response = client.post(
        "/initiatives/register",
        data=registration(
            districts=[str(district.id)],
            languages=["de"],
            logo=(io.BytesIO(png_bytes()), "logo.png"),
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    initiative = db.session.scalar(sa.select(Initiative))
    assert initiative.districts == [district] and initiative.logo_filename.endswith(".webp")
    link = outbox.to("rita@example.org")[0].body_text.split("http://localhost")[1].split()[0]
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert db.session.scalar(sa.select(User).filter_by(email="rita@example.org")).email_confirmed_at
    assert initiative.submitted_at is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"logo": (io.BytesIO(b"%PDF-1.4 " + b"x" * 5000), "logo.png")}, "PNG, JPEG or WebP"),
        (
            {"logo": (io.BytesIO(b"\x89PNG" + b"\0" * (20 * 1024 * 1024)), "big.png")},
            "at most 2 MB",
        ),
        ({"districts": ["987654"]}, "Unknown district"),
        ({"password": "short", "confirm": "short"}, "at least 12 characters"),
    ],
    ids=["renamed-pdf", "20mb", "unknown-district", "short-password"],
)
def test_register_bad_input_is_form_error_and_stores_nothing(client, db, overrides, message):
    response = client.post(
        "/initiatives/register", data=registration(**overrides), content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0
    assert db.session.scalar(sa.select(User).filter_by(email="rita@example.org")) is None


def test_other_initiatives_edit_url_is_404(client, login_as):
    mine, other = InitiativeFactory(), InitiativeFactory()
    user = login_as("initiative_rep")
    from office.directory.models import Representative

    mine.representatives.append(Representative(user=user))
    _db.session.flush()
    assert client.get(f"/initiatives/{mine.id}/edit").status_code == 200
    assert client.get(f"/initiatives/{other.id}/edit").status_code == 404
    assert client.get(f"/initiatives/{other.id}/representatives").status_code == 404
    assert (
        client.post(f"/initiatives/{other.id}/edit", data={"name": "Hijacked"}).status_code == 404
    )


def test_rep_edit_of_published_name_waits_for_moderation(client, db, login_as):
    user = login_as("initiative_rep")
    initiative = InitiativeFactory(name="Old name")
    from office.directory.models import Representative

    initiative.representatives.append(Representative(user=user))
    db.session.flush()
    response = client.post(
        f"/initiatives/{initiative.id}/edit",
        data={"name": "New name", "short_description": "x", "meeting_times": "Fridays"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "once the office has reviewed them" in page
    assert "Old name" in page and "Fridays" in page


def test_moderation_is_for_staff_only(client, login_as):
    initiative = InitiativeFactory(status="pending")
    login_as("initiative_rep")
    assert client.get("/initiatives/moderation").status_code == 403
    assert client.get(f"/initiatives/{initiative.id}/moderate").status_code == 403


def test_staff_publish_from_moderation_page(client, db, login_as, outbox):
    initiative = InitiativeFactory(status="pending")
    rep = rep_of(initiative)
    login_as("office_staff")
    db.session.commit()  # the refused decision below rolls back the request's changes only
    assert initiative.name in client.get("/initiatives/moderation").get_data(as_text=True)
    response = client.post(
        f"/initiatives/{initiative.id}/moderate", data={"m-decision": "reject", "m-reason": ""}
    )
    assert "Please give the initiative a reason." in response.get_data(as_text=True)
    client.post(f"/initiatives/{initiative.id}/moderate", data={"m-decision": "publish"})
    assert initiative.status == "published" and initiative.organisation is not None
    assert outbox.to(rep.email)


def test_pending_entry_is_not_public(client):
    initiative = InitiativeFactory(status="pending")
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404
    assert initiative.name not in client.get("/initiatives/").get_data(as_text=True)


def test_directory_filters_and_paginates(client, db):
    district, topic = DistrictFactory(slug="hafen"), TopicFactory(slug="garden")
    InitiativeFactory(name="Harbour Garden", districts=[district], topics=[topic])
    for n in range(25):
        InitiativeFactory(name=f"Club {n:02d}")
    page = client.get("/initiatives/?district=hafen").get_data(as_text=True)
    assert "Harbour Garden" in page and "Club 00" not in page
    assert "Harbour Garden" in client.get("/initiatives/?q=harbour").get_data(as_text=True)
    first = client.get("/initiatives/").get_data(as_text=True)
    assert "26 initiatives found" in first and "Page 1 of 2" in first
    assert "Harbour Garden" in client.get("/initiatives/?page=2").get_data(as_text=True)


def test_directory_in_german_and_danish(client):
    InitiativeFactory(name="Stadtbienen")
    assert "Initiativen" in client.get("/initiatives/", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    page = client.get("/initiatives/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Stadtbienen" in page and 'lang="da"' in page


def test_api_initiatives_paginated_and_filtered(client):
    district = DistrictFactory(slug="nordstadt")
    InitiativeFactory(name="A North", districts=[district])
    InitiativeFactory(name="B Elsewhere")
    InitiativeFactory(name="C Pending", status="pending")
    body = client.get("/api/v1/initiatives?per_page=1").get_json()
    assert (
        body["total"] == 2
        and body["pages"] == 2
        and [i["name"] for i in body["items"]] == ["A North"]
    )
    body = client.get("/api/v1/initiatives?district=nordstadt").get_json()
    assert [i["districts"] for i in body["items"]] == [["nordstadt"]]
    bad = client.get("/api/v1/initiatives?district=atlantis")
    assert bad.status_code == 400 and bad.get_json()["error"] == "unknown district"
    assert client.get("/api/v1/initiatives?per_page=1000").status_code == 400


def test_openapi_describes_initiatives(client):
    doc = client.get("/api/openapi.json").get_json()
    assert "/api/v1/initiatives" in doc["paths"]
    assert "Initiative" in doc["components"]["schemas"]


def test_csv_export_has_published_entries_and_defuses_formulas(client):
    InitiativeFactory(name="=HYPERLINK(evil)")
    InitiativeFactory(name="Hidden", status="rejected")
    response = client.get("/initiatives/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["id", "name"]
    assert [r[1] for r in rows[1:]] == ["'=HYPERLINK(evil)"]


@contextmanager
def count_queries():
    from office.core import cache

    cache.clear()  # count what building the page takes
    engine = _db.engine
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _seed(n, districts, topics):
    for _ in range(n):
        initiative = InitiativeFactory(districts=districts, topics=topics)
        from office.directory.services.editing import apply_values

        apply_values(initiative, {"language_codes": ["de", "en"]})
    _db.session.flush()


def test_directory_list_has_constant_query_count(client):
    districts, topics = [DistrictFactory(), DistrictFactory()], [TopicFactory()]
    _seed(3, districts, topics)
    client.get("/initiatives/")
    with count_queries() as small:
        client.get("/initiatives/")
    _seed(40, districts, topics)
    with count_queries() as large:
        page = client.get("/initiatives/").get_data(as_text=True)
    assert "43 initiatives found" in page
    assert len(large) == len(small)


@pytest.mark.parametrize("website", ["javascript://example.org/%0Aalert(1)", "ftp://example.org/x"])
def test_website_must_be_http(client, db, website):
    response = client.post("/initiatives/register", data=registration(website=website))
    assert "Please give a web address." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_staff_find_archived_entries_again(client, login_as):
    InitiativeFactory(name="Old choir", status="archived", moderation_note="Disbanded.")
    InitiativeFactory(name="Active choir")
    login_as("office_staff")
    page = client.get("/initiatives/moderation?status=archived").get_data(as_text=True)
    assert "Old choir" in page and "Disbanded." in page and "Active choir" not in page
