"""Login, logout, sessions, password reset and invitations through HTTP."""

import re

from office.auth.models import User
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def _login(client, email, password=PASSWORD, next_=""):
    return client.post("/account/login", data={"email": email, "password": password, "next": next_})


def test_login_with_right_password_redirects_home(client, db):
    user = UserFactory(email="ann@example.org", roles=["office_staff"])
    response = _login(client, "ANN@example.org ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/account/").status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_login_same_answer_for_wrong_password_and_unknown_account(client, db):
    UserFactory(email="ann@example.org")
    wrong = _login(client, "ann@example.org", "wrong password!!").get_data(as_text=True)
    unknown = _login(client, "nobody@example.org", "wrong password!!").get_data(as_text=True)
    message = "Email address or password is wrong."
    assert message in wrong and message in unknown
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731
    assert strip(wrong) == strip(unknown)


def test_login_follows_local_next_only(client, db):
    UserFactory(email="ann@example.org")
    assert (
        _login(client, "ann@example.org", next_="/admin/users").headers["Location"]
        == "/admin/users"
    )
    client.post("/account/logout")
    response = _login(client, "ann@example.org", next_="https://evil.example/x")
    assert response.headers["Location"] == "/"


def test_login_is_rate_limited_after_repeated_failures(client, db):
    """Per address, over any accounts (the per-account throttle is in test_throttle.py)."""
    UserFactory(email="ann@example.org")
    emails = ["ann@example.org", *(f"guess{n}@example.org" for n in range(10))]
    codes = [_login(client, email, "wrong password!!").status_code for email in emails]
    assert codes[:10] == [200] * 10
    assert codes[10] == 429
    assert "tried too often" in client.post("/account/login", data={}).get_data(as_text=True)


def test_disabled_account_cannot_log_in(client, db):
    UserFactory(email="ann@example.org", active=False)
    assert _login(client, "ann@example.org").status_code == 200


def test_cookie_saved_before_logout_is_refused_after_it(client, db):
    UserFactory(email="ann@example.org")
    _login(client, "ann@example.org")
    saved = client.get_cookie("session").value
    client.post("/account/logout")
    client.set_cookie("session", saved)
    response = client.get("/account/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, db):
    UserFactory(email="ann@example.org")
    other = app.test_client()
    _login(other, "ann@example.org")
    _login(client, "ann@example.org")
    response = client.post(
        "/account/",
        data={
            "pw-current_password": PASSWORD,
            "pw-password": "a brand new passphrase",
            "pw-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(client, db):
    user = UserFactory(email="ann@example.org")
    _login(client, "ann@example.org")
    html = client.post(
        "/account/",
        data={"pw-current_password": "nope", "pw-password": "x" * 12, "pw-confirm": "x" * 12},
    ).get_data(as_text=True)
    assert "The current password is wrong." in html
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_disabling_account_ends_its_session(client, db, app):
    user = UserFactory(email="ann@example.org")
    _login(client, "ann@example.org")
    admin_client = app.test_client()
    admin = UserFactory(email="boss@example.org", roles=["admin"])
    _login(admin_client, admin.email)
    response = admin_client.post(f"/admin/users/{user.id}", data={"roles": [], "active": ""})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


def _link(text):
    return re.search(r"http://localhost(/\S+)", text).group(1)


def test_password_reset_by_emailed_link_works_once(client, db, outbox):
    user = UserFactory(email="ann@example.org", locale="da")
    response = client.post("/account/reset", data={"email": "ann@example.org"})
    assert response.status_code == 302
    [mail] = outbox.to("ann@example.org")
    assert mail.subject == "Nulstil din adgangskode"
    link = _link(mail.body_text)
    data = {"password": "my new passphrase", "confirm": "my new passphrase"}
    assert client.post(link, data=data).status_code == 302
    db.session.refresh(user)
    assert user.check_password("my new passphrase")
    client.post("/account/logout")
    again = client.post(
        link, data={"password": "another passphrase", "confirm": "another passphrase"}
    )
    # the session keeps Ann's language after logging out
    assert "Dette link er ugyldigt eller udløbet" in again.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.check_password("another passphrase")


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, db, outbox):
    response = client.post(
        "/account/reset", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "If an account exists" in response.get_data(as_text=True)
    assert outbox.messages == []


def test_expired_reset_link_is_refused(client, db, outbox, app):
    UserFactory(email="ann@example.org")
    client.post("/account/reset", data={"email": "ann@example.org"})
    link = _link(outbox.to("ann@example.org")[0].body_text)
    app.config["RESET_MINUTES"] = -1
    try:
        response = client.post(link, data={"password": "x" * 14, "confirm": "x" * 14})
    finally:
        app.config["RESET_MINUTES"] = 60
    assert "invalid or has expired" in response.get_data(as_text=True)


def test_staff_invites_user_who_sets_password_and_logs_in(client, db, login_as, outbox):
    login_as("office_staff")
    response = client.post(
        "/admin/users/invite",
        data={
            "name": "Bo Berg",
            "email": "bo@example.org",
            "locale": "de",
            "roles": ["board_member"],
        },
    )
    assert response.status_code == 302
    [mail] = outbox.to("bo@example.org")
    assert "Einladung" in mail.subject
    client.post("/account/logout")
    short = client.post(_link(mail.body_text), data={"password": "short", "confirm": "short"})
    assert "at least 12 characters" in short.get_data(as_text=True)
    ok = client.post(_link(mail.body_text), data={"password": "x" * 14, "confirm": "x" * 14})
    assert ok.status_code == 302
    user = db.session.query(User).filter_by(email="bo@example.org").one()
    assert user.role_names == {"board_member"}
    assert client.get("/account/").status_code == 200


def test_office_staff_cannot_grant_admin(client, db, login_as, outbox):
    login_as("office_staff")
    response = client.post(
        "/admin/users/invite",
        data={"name": "Eve", "email": "eve@example.org", "locale": "en", "roles": ["admin"]},
    )
    assert response.status_code == 422
    assert "Only an administrator can grant the admin role." in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="eve@example.org").first() is None
    assert outbox.messages == []


def test_admin_page_lists_users_and_roles(client, login_as, db):
    UserFactory(name="Karen Kommune", roles=["department_staff"])
    login_as("admin")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "Karen Kommune" in html and "Department staff" in html


def test_form_without_csrf_token_shows_form_again_and_changes_nothing(client, db, csrf_enabled):
    user = UserFactory(email="ann@example.org")
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The form had expired" in page
    assert client.get("/account/").status_code == 302  # not logged in


def test_unconfirmed_email_cannot_log_in(client, db):
    UserFactory(email="new@example.org", email_confirmed_at=None)
    response = _login(client, "new@example.org")
    assert response.status_code == 200
    assert "Email address or password is wrong." in response.get_data(as_text=True)


def test_a_role_granted_by_an_admin_counts_from_the_next_request(client, db, app):
    """The session's account is kept between requests; a change of roles is seen at once."""
    user = UserFactory(email="ann@example.org", roles=["department_staff"])
    _login(client, "ann@example.org")
    assert client.get("/requests/queue").status_code == 403
    admin_client = app.test_client()
    admin = UserFactory(email="boss@example.org", roles=["admin"])
    _login(admin_client, admin.email)
    response = admin_client.post(
        f"/admin/users/{user.id}", data={"roles": ["office_staff"], "active": "y"}
    )
    assert response.status_code == 302
    assert client.get("/requests/queue").status_code == 200


def test_a_renamed_organisation_shows_on_its_members_account_page_at_once(client, db):
    """The session's account is kept with its organisation: a new name is seen at once."""
    organisation = OrganisationFactory(name="Amt für Grün")
    UserFactory(email="ann@example.org", roles=["department_staff"], organisation=organisation)
    _login(client, "ann@example.org")
    assert "Amt für Grün" in client.get("/account/").get_data(as_text=True)
    organisation.name = "Amt für Stadtgrün"
    db.session.commit()
    assert "Amt für Stadtgrün" in client.get("/account/").get_data(as_text=True)
