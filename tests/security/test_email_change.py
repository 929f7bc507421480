"""Changing the account's email address: password required, confirmed by a link to the new one."""

import json
import logging
import re

from office.auth.models import User
from office.extensions import db
from tests.factories import PASSWORD, UserFactory


def _link(text: str) -> str:
    return re.search(r"http://localhost(/account/email/\S+)", text).group(1)


def _ask(client, new, password=PASSWORD):
    return client.post("/account/", data={"email-email": new, "email-password": password})


def test_new_address_is_used_once_its_link_is_followed(client, login_as, outbox, caplog):
    caplog.set_level(logging.INFO, logger="office.security")
    user = login_as("initiative_rep", email="old@example.org")
    response = _ask(client, "New@Example.org")
    assert response.status_code == 302
    page = client.get("/account/").get_data(as_text=True)
    assert "We have sent a link to new@example.org" in page
    assert "old@example.org" in page  # nothing changed yet
    [confirm] = outbox.to("new@example.org")
    [notice] = outbox.to("old@example.org")
    assert "new@example.org" in notice.body_text and "/account/email/" not in notice.body_text
    link = _link(confirm.body_text)
    assert client.get(link).status_code == 200  # the page with the button
    assert client.post(link).status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.email == "new@example.org" and stored.email_confirmed_at is not None
    assert "Your email address is changed" in client.get("/account/").get_data(as_text=True)
    # the link works once
    client.post(link)
    assert "invalid or has expired" in client.get("/account/").get_data(as_text=True)
    events = [json.loads(r.getMessage())["event"] for r in caplog.records]
    assert "email_change_requested" in events and "email_changed" in events
    assert all("new@example.org" not in r.getMessage() for r in caplog.records)


def test_wrong_password_changes_nothing_and_sends_nothing(client, login_as, outbox, caplog):
    caplog.set_level(logging.INFO, logger="office.security")
    login_as("initiative_rep", email="old@example.org")
    response = _ask(client, "new@example.org", password="not my password at all")
    assert response.status_code == 200
    assert "The password is wrong." in response.get_data(as_text=True)
    assert outbox.messages == []
    assert any(json.loads(r.getMessage())["event"] == "reauth_failed" for r in caplog.records)


def test_address_of_another_account_is_refused(client, login_as, outbox):
    UserFactory(email="taken@example.org")
    login_as("initiative_rep")
    response = _ask(client, "taken@example.org")
    assert "An account with this email address exists already." in response.get_data(as_text=True)
    assert outbox.messages == []


def test_tampered_link_changes_nothing(client, login_as, outbox):
    user = login_as("initiative_rep", email="old@example.org")
    _ask(client, "new@example.org")
    link = _link(outbox.to("new@example.org")[0].body_text)
    client.get(link[:-3] + ("abc" if not link.endswith("abc") else "xyz"))
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "old@example.org"


def test_account_page_in_german_offers_the_change(client, login_as):
    login_as("initiative_rep", locale="de")
    page = client.get("/account/").get_data(as_text=True)
    assert "Neue E-Mail-Adresse" in page
