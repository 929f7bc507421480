"""The method cards' move to one text in the office's language plus versions keeps every text."""

import os
import subprocess
import sys

import sqlalchemy as sa

BEFORE = "6854c77e3b9e"


def _flask(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "flask", "db", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _texts(prefix):
    return {
        "name": f"{prefix} name", "purpose": f"{prefix} purpose", "group_size_text": "12",
        "duration_text": "1 day", "staffing": "two", "when_to_use": "often", "when_not": "never",
    }  # fmt: skip


def test_method_texts_survive_the_upgrade_and_the_downgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'methods.db'}"
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi.py", "OFFICE_DEFAULT_LOCALE": "da"}
    _flask(env, "upgrade", BEFORE)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO methods (id, slug, level, goals, group_min, group_max, duration_weeks,"
            " cost_min, cost_max, created_at, updated_at) VALUES (1, 'walk', 'consult', '',"
            " 5, 20, 2, 0, 100, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ))  # fmt: skip
        for locale in ("de", "da", "en"):
            values = {"method_id": 1, "locale": locale, **_texts(locale)}
            columns = ", ".join(values)
            conn.execute(
                sa.text(f"INSERT INTO method_translations ({columns}) VALUES "  # noqa: S608
                        f"({', '.join(':' + c for c in values)})"),
                values,
            )  # fmt: skip
    _flask(env, "upgrade")
    with engine.connect() as conn:
        card = conn.execute(sa.text("SELECT * FROM methods")).mappings().one()
    assert card["name"] == "da name" and card["when_not"] == "never"  # the office's language
    versions = card["translations"]
    assert '"de"' in versions and "de purpose" in versions and "en name" in versions
    _flask(env, "downgrade", BEFORE)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT locale, name, purpose FROM method_translations ORDER BY locale")
        ).all()
    assert [tuple(r) for r in found] == [
        ("da", "da name", "da purpose"), ("de", "de name", "de purpose"),
        ("en", "en name", "en purpose"),
    ]  # fmt: skip
