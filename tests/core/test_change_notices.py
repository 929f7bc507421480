"""Change tokens without a round trip: on PostgreSQL a page served from the fragment cache asks
the database for nothing, and a change committed by another server shows within a second.
On SQLite the tokens are read per page (one statement), as the module says."""

import time

import pytest
import sqlalchemy as sa

from office import create_app
from office.core import change_notices
from office.courses.models import CourseRun
from tests.courses.factories import CourseFactory, RunFactory


def _statements(engine, fn) -> list[str]:
    found = []

    def record(conn, cursor, statement, *args):
        found.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return found


def _settled(engine, names=("courses", "course_runs", "*"), seconds=5.0):
    """Wait until this process's watcher is listening and has its own commits' notices back
    ("*": the token of any table, which kept whole pages read)."""
    watcher = change_notices.watcher(engine, "data_versions")
    deadline = time.monotonic() + seconds
    while watcher.lookup(tuple(names)) is None:
        assert time.monotonic() < deadline, "the change notices did not arrive"
        time.sleep(0.02)


def _shows_within(client, text: str, seconds: float) -> float:
    started = time.monotonic()
    while text not in client.get("/courses/").get_data(as_text=True):
        assert time.monotonic() - started < seconds, f"{text!r} not shown within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def other_server(app):
    """A second app on the same database: its own engine, store and watcher."""
    other = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
        }
    )
    yield other
    with other.app_context():
        from office.extensions import db as other_db

        other_db.engine.dispose()


def test_a_cached_page_asks_the_database_for_nothing(app, committed_db):
    RunFactory(course=CourseFactory(title="Open space", capacity=20))
    committed_db.session.commit()
    client = app.test_client()
    engine = committed_db.engine
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        _settled(engine)
    assert "20 seats left" in client.get("/courses/").get_data(as_text=True)
    committed_db.session.remove()
    second = _statements(engine, lambda: client.get("/courses/"))
    if postgres:
        assert second == []
    else:  # SQLite: the tokens, one statement
        assert [s for s in second if s != "BEGIN"] == [second[-1]] and "data_versions" in second[-1]


def test_a_change_on_another_server_shows_within_a_second(app, committed_db, other_server):
    run = RunFactory(course=CourseFactory(title="Open space", capacity=20))
    committed_db.session.commit()
    client = app.test_client()
    assert "20 seats left" in client.get("/courses/").get_data(as_text=True)
    committed_db.session.remove()
    with other_server.app_context():
        from office.extensions import db as other_db

        other_db.session.get(CourseRun, run.id).capacity = 22
        other_db.session.commit()
        other_db.session.remove()
    assert _shows_within(client, "22 seats left", 1.0) < 1.0


def test_own_change_shows_on_the_next_page_without_waiting(app, committed_db):
    run = RunFactory(course=CourseFactory(title="Open space", capacity=20))
    committed_db.session.commit()
    client = app.test_client()
    assert "20 seats left" in client.get("/courses/").get_data(as_text=True)
    committed_db.session.get(CourseRun, run.id).capacity = 23
    committed_db.session.commit()
    committed_db.session.remove()
    assert "23 seats left" in client.get("/courses/").get_data(as_text=True)


def test_after_losing_the_listener_another_servers_change_still_shows(
    app, committed_db, other_server
):
    run = RunFactory(course=CourseFactory(title="Open space", capacity=20))
    committed_db.session.commit()
    client = app.test_client()
    engine = committed_db.engine
    assert "20 seats left" in client.get("/courses/").get_data(as_text=True)
    if engine.dialect.name == "postgresql":
        _settled(engine)
        # the listening connections die (as in a database restart); notices sent meanwhile
        # are lost: the watcher reads the tokens again until it listens anew
        with engine.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = :name"
                ),
                {"name": change_notices.APPLICATION_NAME},
            )
    committed_db.session.remove()
    with other_server.app_context():
        from office.extensions import db as other_db

        other_db.session.get(CourseRun, run.id).capacity = 24
        other_db.session.commit()
        other_db.session.remove()
    assert _shows_within(client, "24 seats left", 1.0) < 1.0
