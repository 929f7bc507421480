"""Account takeover paths of issue 24: the outbox, the Host header, staff against admins."""

import re

from office.auth.models import User
from tests.factories import PASSWORD, UserFactory

NEW = {"password": "taken over by staff", "confirm": "taken over by staff"}


def _login(client, email, password=PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


def _paths(html: str) -> set[str]:
    return set(re.findall(r"https?://[^\s/\"'<]+(/[^\s\"'<]*)", html))


def _signed_in(app, email, role, confirmed=False):
    client = app.test_client()
    UserFactory(email=email, roles=[role])
    _login(client, email)
    if confirmed:
        assert (
            client.post("/account/confirm", data={"password": PASSWORD, "next": "/"}).status_code
            == 302
        )
    return client


def _newest_outbox_page(client) -> str:
    listing = client.get("/admin/outbox").get_data(as_text=True)
    first = re.search(r'href="(/admin/outbox/\d+)"', listing).group(1)
    return client.get(first).get_data(as_text=True)


def _takeover_attempts(client, html: str) -> None:
    for path in _paths(html):
        client.get(path)
        client.post(path, data=NEW)


def test_outbox_reset_mail_shown_to_staff_gives_no_way_into_the_admin_account(app, db, outbox):
    admin = UserFactory(email="admin@example.org", roles=["admin"])
    attacker = app.test_client()
    assert attacker.post("/account/reset", data={"email": admin.email}).status_code == 302
    staff = _signed_in(app, "staff@example.org", "office_staff")
    page = _newest_outbox_page(staff)
    assert "Reset your password" in page and "/account/reset/" in page
    _takeover_attempts(staff, page)
    db.session.refresh(admin)
    assert not admin.check_password(NEW["password"])
    assert _login(app.test_client(), admin.email, NEW["password"]).status_code == 200
    [mail] = outbox.to(admin.email)
    assert not any(path in page for path in _paths(mail.body_text))


def test_outbox_pending_invitation_cannot_be_read_by_staff(app, db, login_as):
    staff = _signed_in(app, "staff@example.org", "office_staff", confirmed=True)
    staff.post(
        "/admin/users/invite",
        data={"name": "Bo", "email": "bo@example.org", "locale": "en", "roles": ["office_staff"]},
    )
    page = _newest_outbox_page(staff)
    assert "/account/invitation/" in page
    _takeover_attempts(app.test_client(), page)
    bo = db.session.query(User).filter_by(email="bo@example.org").one()
    db.session.refresh(bo)
    assert bo.password_hash is None


def test_outbox_send_again_queues_the_working_link_to_the_recipient_only(app, db, outbox):
    user = UserFactory(email="ann@example.org")
    app.test_client().post("/account/reset", data={"email": user.email})
    staff = _signed_in(app, "staff@example.org", "office_staff")
    [original] = outbox.to(user.email)
    response = staff.post(f"/admin/outbox/{original.id}/send-again")
    assert response.status_code == 302
    first, again = outbox.to(user.email)
    assert again.body_text == first.body_text
    assert "/account/reset/" in again.body_text
    assert (
        re.search(
            r"/account/reset/\S{20,}",
            staff.get(response.headers["Location"]).get_data(as_text=True),
        )
        is None
    )


def test_office_staff_cannot_deactivate_or_change_an_admin(app, db):
    admin = UserFactory(email="admin@example.org", roles=["admin"])
    staff = _signed_in(app, "staff@example.org", "office_staff", confirmed=True)
    answer = staff.post(f"/admin/users/{admin.id}", data={"roles": ["office_staff"], "active": ""})
    assert answer.status_code == 403
    assert staff.get(f"/admin/users/{admin.id}").status_code == 403
    db.session.refresh(admin)
    assert admin.active and admin.role_names == {"admin"}


def test_office_staff_cannot_resend_a_pending_admins_invitation(app, db, outbox):
    pending = UserFactory(email="new-admin@example.org", roles=["admin"])
    pending.password_hash = None
    db.session.commit()
    staff = _signed_in(app, "staff@example.org", "office_staff")
    assert staff.post(f"/admin/users/{pending.id}/reinvite").status_code == 403
    assert outbox.to(pending.email) == []


def test_admin_still_manages_admins(app, db):
    other = UserFactory(email="admin2@example.org", roles=["admin"])
    admin = _signed_in(app, "admin@example.org", "admin", confirmed=True)
    answer = admin.post(f"/admin/users/{other.id}", data={"roles": ["admin"], "active": ""})
    assert answer.status_code == 302
    db.session.refresh(other)
    assert not other.active


def test_reset_request_with_a_forged_host_is_refused_and_sends_nothing(app, db, outbox):
    admin = UserFactory(email="admin@example.org", roles=["admin"])
    client = app.test_client()
    for method in ("get", "post"):
        answer = getattr(client, method)(
            "/account/reset", data={"email": admin.email}, headers={"Host": "evil.example"}
        )
        assert answer.status_code == 400
    assert outbox.to(admin.email) == []
    assert "evil.example" not in " ".join(m.body_text for m in outbox.messages)


def test_reset_link_comes_from_the_base_url_whatever_trusted_host_was_asked(app, db, outbox):
    user = UserFactory(email="ann@example.org")
    client = app.test_client()
    client.post("/account/reset", data={"email": user.email}, headers={"Host": "127.0.0.1:8000"})
    [mail] = outbox.to(user.email)
    assert re.search(r"http://localhost/account/reset/\S+", mail.body_text)
    assert "127.0.0.1" not in mail.body_text
