"""Several app servers on one database: shared sessions, shared rate limits, one mail sender."""

import os

from office import create_app
from office.extensions import limiter
from tests.factories import PASSWORD, UserFactory


def _server(app, **config):
    """A second app instance on the same database and secret key (another gunicorn host)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


def test_session_from_one_server_works_on_another(app, committed_db):
    UserFactory(email="ann@example.org")
    committed_db.session.commit()
    one, two = _server(app), _server(app)
    c1 = one.test_client()
    c1.post("/account/login", data={"email": "ann@example.org", "password": PASSWORD})
    c2 = two.test_client()
    c2.set_cookie("session", c1.get_cookie("session").value)
    assert c2.get("/account/").status_code == 200


def test_rate_limit_is_shared_through_redis(app, committed_db):
    UserFactory(email="ann@example.org")
    committed_db.session.commit()
    redis = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        # its own keys: another test run on the same Redis (other database engine) is left alone
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"office-test-{os.getpid()}"},
    }
    one, two = _server(app, **redis), _server(app, **redis)
    with one.app_context():
        limiter.reset()
    c1, c2 = one.test_client(), two.test_client()

    def bad(n):
        return {"email": f"{n}@example.org", "password": "wrong password!!"}

    try:
        # the per-account throttle is shared: the sixth guess on Ann, on either server, waits
        for client in (c1, c2, c1, c2, c1):
            assert client.post("/account/login", data=bad("ann")).status_code == 200
        for client in (c1, c2):
            assert client.post("/account/login", data=bad("ann")).status_code == 429
        # the address's limit is shared too: the eleventh failure, on either server, is refused
        for n in range(5):
            assert (c1 if n % 2 else c2).post("/account/login", data=bad(n)).status_code == 200
        assert c1.post("/account/login", data=bad(6)).status_code == 429
        assert c2.post("/account/login", data=bad(7)).status_code == 429
    finally:
        with one.app_context():
            limiter.reset()


def test_mail_queued_before_a_crash_is_delivered_by_any_server(app, committed_db, smtp_server):
    """The change and its mail commit together; the process dies before sending; nothing is lost."""
    from office.auth import services

    admin = UserFactory(email="boss@example.org", roles=["admin"])
    committed_db.session.commit()
    with app.test_request_context():
        services.invite_user(admin, "new@example.org", "New Person", ["board_member"], "en")
        committed_db.session.commit()
    committed_db.session.remove()  # the process "crashes" here: nothing was sent
    other = _server(
        app, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_SUPPRESS_SEND=False
    )
    with other.app_context():
        from office.core.outbox import send_queued

        assert send_queued().sent == 1
        assert send_queued().sent == 0
    assert len(smtp_server.to("new@example.org")) == 1
