"""Exports of personal data and erasure ask for the password again, and each is logged.

A session whose password was last given longer ago than OFFICE_REAUTH_MINUTES is sent to the
password page first; after the password it comes back to the export, which then runs and writes
one "export" (or "erasure") security event.
"""

import json
import logging
import time

import pytest

from office.extensions import db
from tests.contacts.factories import PersonFactory
from tests.courses.factories import RegistrationFactory
from tests.factories import PASSWORD


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="office.security")

    def events(name):
        records = [
            json.loads(r.getMessage()) for r in caplog.records if r.name == "office.security"
        ]
        return [r for r in records if r["event"] == name]

    return events


@pytest.fixture
def stale_staff(client, login_as, app):
    """Office staff active right now, but whose password was given an hour ago."""
    user = login_as("office_staff")
    now = int(time.time())
    with client.session_transaction() as session:
        session["_auth_at"] = now - 3600
        session["_seen_at"] = now
    assert app.config["OFFICE_REAUTH_MINUTES"] * 60 < 3600
    return user


@pytest.fixture
def exports(db):
    """The export URLs of personal data, with a text each export must contain."""
    person = PersonFactory(first_name="Rosa", last_name="Riedel", email="rosa@example.org")
    registration = RegistrationFactory(name="Karen Jensen", email="karen@aarhus.dk", seat_number=1)
    db.session.commit()
    run = registration.run
    first, last = run.first_day.replace(day=1), run.last_day
    return [
        ("/contacts/export.csv", "rosa@example.org"),
        (f"/contacts/people/{person.id}/export.json", "rosa@example.org"),
        (f"/courses/manage/runs/{run.id}/participants.csv", "Karen Jensen"),
        # billable once the course has taken place: the header only, here
        (f"/courses/manage/runs/{run.id}/invoice.csv", "Billing reference"),
        (f"/courses/manage/invoices?start={first}&end={last}&format=csv", "Billing reference"),
        (f"/courses/manage/runs/{run.id}/certificates.pdf", "%PDF"),
    ]


def _confirm(client, response, password=PASSWORD):
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert location.startswith("/account/confirm")
    page = client.get(location)
    assert "Please confirm your password" in page.get_data(as_text=True)
    from urllib.parse import parse_qs, urlsplit

    back = parse_qs(urlsplit(location).query)["next"][0]
    return client.post("/account/confirm", data={"password": password, "next": back})


def test_every_export_asks_for_the_password_then_runs_and_is_logged(
    client, stale_staff, exports, security_log
):
    for url, expected in exports:
        with client.session_transaction() as session:
            session.pop("_reauth_at", None)
        wrong = _confirm(client, client.get(url), password="not my password")
        assert wrong.status_code == 200 and "The password is wrong." in wrong.get_data(as_text=True)
        assert client.get(url).status_code == 302  # still not confirmed
        back = _confirm(client, client.get(url))
        assert back.status_code == 302 and back.headers["Location"] == url
        download = client.get(url)
        assert download.status_code == 200, url
        body = download.data if expected == "%PDF" else download.get_data(as_text=True)
        assert (expected.encode() if expected == "%PDF" else expected) in body, url
        logged = [e for e in security_log("export") if e["path"] == url.split("?")[0]]
        assert len(logged) == 1 and logged[0]["user_id"] == stale_staff.id, url


def test_erasure_asks_for_the_password_and_is_logged(client, stale_staff, security_log):
    person = PersonFactory(email="erase.me@example.org")
    db.session.commit()
    url = f"/contacts/people/{person.id}/erase"
    response = client.post(url, data={"confirm": "ERASE"}, headers={"Referer": url})
    db.session.expire_all()
    assert person.email == "erase.me@example.org"  # nothing erased yet
    back = _confirm(client, response)
    assert back.headers["Location"] == url
    assert client.post(url, data={"confirm": "ERASE"}).status_code == 302
    db.session.expire_all()
    assert person.email is None
    [event] = security_log("erasure")
    assert event["user_id"] == stale_staff.id and event["person_id"] == person.id
    assert "erase.me@example.org" not in json.dumps(event)


def test_fresh_password_is_not_asked_again(client, login_as, exports):
    login_as("office_staff")  # logged in just now
    for url, _expected in exports:
        assert client.get(url).status_code == 200, url
