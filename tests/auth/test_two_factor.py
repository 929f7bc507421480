"""Two-factor login (TOTP and recovery codes), required roles, sessions and re-confirmation."""

import json
import logging
import re
import time

import pyotp
import pytest

from office.auth import two_factor
from tests.factories import PASSWORD, UserFactory


def _login(client, email, password=PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


def _enable(db, user):
    two_factor.start_enrollment(user)
    totp = pyotp.TOTP(user.totp_secret)
    codes = two_factor.confirm_enrollment(user, totp.at(time.time() - 30))
    db.session.commit()
    return totp, codes


def test_login_with_two_factor_asks_for_code(client, db):
    user = UserFactory(email="ann@example.org")
    totp, _codes = _enable(db, user)
    response = _login(client, "ann@example.org")
    assert response.headers["Location"] == "/account/login/code"
    assert client.get("/account/").status_code == 302  # not logged in yet
    wrong = client.post("/account/login/code", data={"code": "000000"})
    assert "The code is not right." in wrong.get_data(as_text=True)
    ok = client.post("/account/login/code", data={"code": totp.now()})
    assert ok.status_code == 302
    assert client.get("/account/").status_code == 200


def test_totp_code_cannot_be_replayed(db):
    user = UserFactory()
    totp, _codes = _enable(db, user)
    code = totp.now()
    assert two_factor.verify(user, code)
    assert not two_factor.verify(user, code)


def test_recovery_code_works_once(client, db):
    user = UserFactory(email="ann@example.org")
    _totp, codes = _enable(db, user)
    _login(client, "ann@example.org")
    assert client.post("/account/login/code", data={"code": codes[0]}).status_code == 302
    client.post("/account/logout")
    _login(client, "ann@example.org")
    again = client.post("/account/login/code", data={"code": codes[0]})
    assert again.status_code == 200
    assert two_factor.remaining_recovery_codes(user) == len(codes) - 1


def test_required_role_must_set_up_two_factor_before_the_session_starts(app, client, db):
    app.config["OFFICE_2FA_ROLES"] = ("admin", "office_staff")
    try:
        UserFactory(email="boss@example.org", roles=["office_staff"])
        response = _login(client, "boss@example.org")
        assert response.headers["Location"] == "/account/login/two-factor-setup"
        assert client.get("/admin/users").status_code == 302  # no session yet
        page = client.get("/account/login/two-factor-setup").get_data(as_text=True)
        secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
        done = client.post(
            "/account/login/two-factor-setup", data={"code": pyotp.TOTP(secret).now()}
        )
        assert "Keep these recovery codes" in done.get_data(as_text=True)
        assert client.get("/admin/users").status_code == 200
        # a required role cannot turn it off
        html = client.get("/account/two-factor").get_data(as_text=True)
        assert "it cannot be turned off" in html
    finally:
        app.config["OFFICE_2FA_ROLES"] = ()


def test_any_user_may_enable_and_disable_two_factor(client, db, login_as):
    user = login_as("department_staff")
    page = client.get("/account/two-factor?setup=1").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    totp = pyotp.TOTP(secret)
    client.post("/account/two-factor?setup=1", data={"code": totp.at(time.time() - 30)})
    db.session.refresh(user)
    assert user.two_factor_enabled
    response = client.post("/account/two-factor", data={"password": PASSWORD, "code": totp.now()})
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_idle_session_ends_after_30_minutes(client, db):
    UserFactory(email="ann@example.org")
    _login(client, "ann@example.org")
    assert client.get("/account/").status_code == 200
    with client.session_transaction() as s:
        s["_seen_at"] = int(time.time()) - 31 * 60
    response = client.get("/account/", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "logged out after 30 minutes without activity" in page


def test_activity_keeps_session_alive_until_absolute_timeout(client, db):
    UserFactory(email="ann@example.org")
    _login(client, "ann@example.org")
    with client.session_transaction() as s:
        s["_seen_at"] = int(time.time()) - 29 * 60
    assert client.post("/account/keep-alive").status_code == 303
    assert client.get("/account/").status_code == 200
    with client.session_transaction() as s:
        s["_auth_at"] = int(time.time()) - 12 * 3600 - 1
    assert client.get("/account/").status_code == 302


def test_role_change_asks_for_password_again(client, db, login_as):
    login_as("admin")
    with client.session_transaction() as s:
        s["_auth_at"] = int(time.time()) - 20 * 60
    target = UserFactory(roles=["department_staff"])
    response = client.get(f"/admin/users/{target.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/confirm")
    wrong = client.post(
        "/account/confirm", data={"password": "nope", "next": f"/admin/users/{target.id}"}
    )
    assert "The password is wrong." in wrong.get_data(as_text=True)
    ok = client.post(
        "/account/confirm", data={"password": PASSWORD, "next": f"/admin/users/{target.id}"}
    )
    assert ok.headers["Location"] == f"/admin/users/{target.id}"
    assert client.get(f"/admin/users/{target.id}").status_code == 200


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="office.security")

    def events():
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "office.security"]

    return events


def test_security_events_are_logged_without_secrets(client, db, security_log):
    UserFactory(email="ann@example.org")
    _login(client, "ann@example.org", "wrong password!!")
    _login(client, "ann@example.org")
    client.get("/admin/users")  # 403 for a user without staff role
    events = security_log()
    assert [e["event"] for e in events] == ["login_failed", "login", "forbidden"]
    assert all(e["ts"].endswith("+00:00") for e in events)
    text = json.dumps(events)
    assert PASSWORD not in text and "wrong password" not in text
