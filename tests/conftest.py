"""Shared fixtures: app, db (rolled back per test), client, login_as, outbox, smtp_server,
live_server, and a Playwright `page` on Debian's Chromium with axe-core checks.

The suite runs on SQLite unless TEST_DATABASE_URL is set (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/office_test).
"""

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import has_request_context
from sqlalchemy.orm import scoped_session, sessionmaker

from office import create_app
from office.core import change_notices
from office.extensions import db as _db
from office.extensions import limiter
from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- SMTP ------------------------------------------------------------------------------


class _Collector:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        msg = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(msg)
        return "250 Message accepted for delivery"


class SMTPServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        self.handler = _Collector()
        self.port = _free_port()
        self.controller = None
        self.running = False

    def start(self):
        # a stopped controller cannot be restarted: make a new one on the same port
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.running = True

    def stop(self):
        if self.running:
            self.controller.stop()
            self.running = False

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def clear(self):
        with self.handler.lock:
            self.handler.messages.clear()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def _smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server(_smtp) -> Iterator[SMTPServer]:
    """The real SMTP server the app delivers to; empty at the start of each test."""
    if not _smtp.running:
        _smtp.start()
    _smtp.clear()
    yield _smtp
    if not _smtp.running:
        _smtp.start()


# --- app and database -------------------------------------------------------------------


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _reset_schema(app) -> None:
    """Start from an empty database and apply every migration, as production does."""
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory, _smtp):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": _smtp.port,
            "MAIL_TIMEOUT": 5,
            "MAIL_SUPPRESS_SEND": False,  # tests deliver to the real SMTP server above
            "SECRET_KEY": "test-secret-key",
            # scrypt with a small work factor keeps the suite fast; production uses the default
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "OFFICE_BASE_URL": "http://localhost",
            "BABEL_DEFAULT_LOCALE": "en",
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    _reset_schema(app)
    return app


@pytest.fixture(autouse=True)
def _fresh_fragment_cache():
    """Rendered fragments are keyed on table tokens; a rolled-back test can leave a token
    behind that a later test's different data reuses. Each test starts with an empty store."""
    from office.core import cache

    cache.clear()
    yield


@pytest.fixture
def db(app):
    """The database inside a transaction that is rolled back after the test.

    Commits in the code under test release a SAVEPOINT; nothing reaches other tests.
    Only an app context is pushed, as cron and workers have: a service or command test gets
    no request (a view test gets one from `client`).
    """
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=original.registry.scopefunc,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if transaction.is_active:
                transaction.rollback()
            connection.close()
            change_notices.forget_pending()


def _clear_all_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            # SQLite's triggers refuse DELETE on the append-only audit trail (PostgreSQL's
            # TRUNCATE fires no row trigger): lifted for the emptying only
            from office.core.audit import APPEND_ONLY_DDL, DROP_APPEND_ONLY_DDL

            for statement in DROP_APPEND_ONLY_DDL["sqlite"]:
                conn.execute(sa.text(statement))
            for table in tables:
                conn.execute(table.delete())
            for statement in APPEND_ONLY_DDL["sqlite"]:
                conn.execute(sa.text(statement))


@pytest.fixture
def committed_db(app):
    """The real database with real commits (for browser and concurrency tests); emptied after."""
    with app.app_context():
        try:
            yield _db
        finally:
            _db.session.remove()
            _clear_all_tables()


@pytest.fixture
def client(app, db):
    limiter.reset()
    return app.test_client()


@pytest.fixture
def cron(app):
    """cron("courses", "decide") runs `flask courses decide` as cron does: through the CLI,
    with no request context; a non-zero exit (or any other than `exit_code`) fails the test."""

    def run(*args, exit_code=0):
        assert not has_request_context(), "cron has no request"
        result = app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == exit_code, (result.output, result.exception)
        return result

    return run


@pytest.fixture
def db_refuses(db):
    """db_refuses("event_signups", "DELETE", 7): from now on the database itself refuses that
    change of that row (for INSERT: of rows whose `column` is `row_id`) (a trigger; gone with the test's transaction), a real failure of one
    item for a periodic command, as a lock timeout or a hand-added constraint would be."""

    def refuse(table: str, operation: str, row_id: int, column: str = "id") -> None:
        name = f"refuse_{table}_{operation.lower()}"
        row = f"{'NEW' if operation == 'INSERT' else 'OLD'}.{column} = {int(row_id)}"
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(sa.text(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by the database'; END $$"
            ))  # fmt: skip
            db.session.execute(sa.text(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW "
                f"WHEN ({row}) EXECUTE FUNCTION {name}()"
            ))  # fmt: skip
        else:
            db.session.execute(sa.text(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW "
                f"WHEN {row} BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            ))  # fmt: skip
        db.session.commit()

    return refuse


@pytest.fixture
def job_status(app):
    """job_status("courses decide"): that job's line of `flask jobs status`, as an operator
    reads it after a run."""

    def line(name):
        output = app.test_cli_runner().invoke(args=["jobs", "status"]).output
        [found] = [row for row in output.splitlines() if row.startswith(name + " ")]
        return found

    return line


@pytest.fixture
def make_app(tmp_path):
    """A separate app on its own SQLite file, for tests that add routes or break the database."""

    def make(**config):
        return create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'separate.db'}",
                "SECRET_KEY": "test-secret-key",
                **config,
            }
        )

    return make


@pytest.fixture
def csrf_enabled(app):
    """Turn CSRF protection on for one test (it is off for the client tests by default)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def login_as(client, db):
    """login_as("office_staff") -> a new user with that role, logged in on `client`."""

    def login(*roles, **attrs):
        user = factories.UserFactory(roles=list(roles), **attrs)
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login


@pytest.fixture
def client_of(app, db):
    """client_of(user) -> a test client of its own (a second browser) logged in as `user`."""

    def log_in(user):
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return browser

    return log_in


class Outbox:
    """The mail the app has queued (not yet delivered)."""

    def __init__(self, session):
        self.session = session

    @property
    def messages(self):
        from office.core.models import OutboxMessage

        return list(self.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))

    def to(self, address):
        return [m for m in self.messages if m.recipient == address]

    def deliver(self):
        from office.core.outbox import send_queued

        return send_queued()


@pytest.fixture
def outbox(db):
    return Outbox(db.session)


# --- live server and browser ---------------------------------------------------------------


class LiveServer:
    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("live server did not start")

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="session")
def _live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_server(_live_server, committed_db, app):
    """The app served over HTTP on 127.0.0.1 with CSRF on, against committed data."""
    limiter.reset()
    base_url = app.config["OFFICE_BASE_URL"]
    # the served address is the public one: links in pages and mails lead back to it
    app.config.update(WTF_CSRF_ENABLED=True, OFFICE_BASE_URL=_live_server.url)
    yield _live_server
    app.config.update(WTF_CSRF_ENABLED=False, OFFICE_BASE_URL=base_url)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for browser tests and missing at {CHROMIUM}")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


class A11yTracker:
    """Counts documents a page loads and which of them were checked with axe-core."""

    def __init__(self, page):
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[int] = set()
        page.on("load", lambda p: self.loaded.append(p.url))

    def check(self, context=None):
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(
            self.page,
            context=context,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        self.checked.add(len(self.loaded))
        violations = results.response["violations"]
        assert not violations, f"axe-core: {self.page.url}\n" + results.generate_report()

    def unchecked(self) -> list[str]:
        return [url for i, url in enumerate(self.loaded, start=1) if i not in self.checked]


@pytest.fixture
def page(context, live_server):
    """A browser tab; call `a11y(page)` on every page you visit (teardown checks that you did)."""
    page = context.new_page()
    page.a11y = A11yTracker(page)
    page.set_default_timeout(10_000)
    yield page
    missed = page.a11y.unchecked()
    page.close()
    assert not missed, f"pages visited without an axe-core check: {missed}"


def a11y(page, context=None):
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; any violation fails the test."""
    page.a11y.check(context)
