"""Revoking a role or disabling an account takes effect on the very next request.

The office admin changes the account in one browser while its owner is logged in in another;
the owner's next request already sees the change (roles and the active flag are read per request).
"""

import pytest

from office.auth.models import User
from office.extensions import db
from tests.factories import UserFactory


@pytest.fixture
def victim(app, db):
    """An office-staff member logged in on their own browser (test client)."""
    user = UserFactory(roles=["office_staff"])
    db.session.commit()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert browser.get("/requests/queue").status_code == 200
    return user, browser


def _admin_saves(client, user, roles, active) -> None:
    data = {"roles": roles}
    if active:
        data["active"] = "y"
    response = client.post(f"/admin/users/{user.id}", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users")


def test_revoked_role_is_refused_on_the_next_request(client, login_as, victim):
    user, browser = victim
    login_as("admin")
    _admin_saves(client, user, ["department_staff"], active=True)
    assert browser.get("/requests/queue").status_code == 403
    assert browser.get("/contacts/").status_code == 403
    assert browser.get("/courses/my").status_code == 200  # still logged in, as department staff
    db.session.expire_all()
    assert db.session.get(User, user.id).role_names == {"department_staff"}


def test_role_given_back_applies_on_the_next_request_too(client, login_as, victim):
    user, browser = victim
    login_as("admin")
    _admin_saves(client, user, ["department_staff"], active=True)
    assert browser.get("/requests/queue").status_code == 403
    _admin_saves(client, user, ["office_staff"], active=True)
    assert browser.get("/requests/queue").status_code == 200


def test_disabled_account_is_logged_out_on_the_next_request(client, login_as, victim):
    user, browser = victim
    login_as("admin")
    _admin_saves(client, user, ["office_staff"], active=False)
    response = browser.get("/requests/queue")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    # and logging in again is refused
    response = browser.post(
        "/account/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.status_code != 302 or "/account/login" in response.headers["Location"]
    assert browser.get("/requests/queue").status_code == 302
