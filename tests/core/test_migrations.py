"""Migrations build the schema the models describe."""

import os
import subprocess
import sys

import sqlalchemy as sa


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = sa.create_engine(url)
        # named after the test database, so suites on one server do not collide
        name = f"{engine.url.database}_migration_check"
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        engine.dispose()
        target = engine.url.set(database=name).render_as_string(hide_password=False)
    else:
        target = f"sqlite:///{tmp_path / 'migrate.db'}"
    env = {**os.environ, "DATABASE_URL": target, "FLASK_APP": "wsgi.py"}
    flask = [sys.executable, "-m", "flask"]
    up = subprocess.run([*flask, "db", "upgrade"], env=env, capture_output=True, text=True)
    assert up.returncode == 0, up.stderr
    check = subprocess.run([*flask, "db", "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr
