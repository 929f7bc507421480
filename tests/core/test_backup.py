"""Backups restore into a fresh database with every row, and erasures survive a restore."""

import os

import sqlalchemy as sa

from office import create_app
from office.core import cache
from office.core.backup import create_backup, restore_backup
from office.core.privacy import erase_everywhere
from office.core.registry import DEMO_SEEDERS
from office.extensions import db as _db


def _seed_people() -> None:
    """Districts, topics, departments and the demo accounts."""
    for seeder in DEMO_SEEDERS:
        if seeder.order <= 2:
            seeder.fn("small")


def _counts(session) -> dict:
    # data_versions holds the fragment cache's change tokens: a restore renews them all
    return {
        t.name: session.scalar(sa.select(sa.func.count()).select_from(t))
        for t in _db.metadata.sorted_tables
        if t.name != "data_versions"
    }


def _fresh_database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'restored.db'}"
    engine = sa.create_engine(url)
    # named after the test database, so suites on one server do not collide
    name = f"{engine.url.database}_restore_check"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return engine.url.set(database=name).render_as_string(hide_password=False)


def test_backup_restores_every_row_into_a_fresh_database(app, committed_db, tmp_path):
    _seed_people()
    committed_db.session.commit()
    before = _counts(committed_db.session)
    assert before["users"] > 0
    path = create_backup(tmp_path / "office.backup")
    assert path.stat().st_size > 0

    fresh = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _fresh_database_url(tmp_path),
            "SECRET_KEY": app.config["SECRET_KEY"],
        }
    )
    with fresh.app_context():
        restore_backup(path)
        assert _counts(_db.session) == before
        _db.session.remove()
        _db.engine.dispose()


def test_restore_applies_erasures_made_after_the_backup(app, committed_db, tmp_path):
    from office.auth.models import User

    _seed_people()
    committed_db.session.commit()
    path = create_backup(tmp_path / "before-erasure.backup")
    erase_everywhere("board@example.org")
    committed_db.session.commit()

    tokens_before = cache.tokens(["users", "courses"])
    restore_backup(path)  # the backup still has the person
    # pages that servers rendered from the newer data are not served for the restored data
    assert all(
        a != b for a, b in zip(cache.tokens(["users", "courses"]), tokens_before, strict=True)
    )
    assert (
        committed_db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.email == "board@example.org")
        )
        == 0
    )
