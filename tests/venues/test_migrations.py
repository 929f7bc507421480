"""The migration that links course runs and board meetings to venues keeps their places."""

import os
import subprocess
import sys

import sqlalchemy as sa

BEFORE = "d4f6b8a0c2e5"

COURSE = """INSERT INTO courses (id, slug, title, summary, description, benefits, audience, format,
 duration_days, daily_start, daily_end, price, price_basis, min_participants, capacity, lead_days,
 cancellation_terms, published, archived, created_at, updated_at)
 VALUES (1, 'c', 'Moderation', '', '', '', '', 'in_person', 1, '09:00:00', '17:00:00', 0,
 'course', 1, 10, 0, '', true, false, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"""
RUN = """INSERT INTO course_runs (id, course_id, first_day, last_day, start_time, end_time,
 capacity, min_participants, lead_days, deadline, venue, online_link, published, created_at,
 updated_at, days) VALUES (1, 1, '2027-03-01', '2027-03-01', '09:00:00', '17:00:00', 10, 1, 0,
 '2027-03-01 00:00:00', 'Rathaus, Saal 2', '', true, '2026-01-01 00:00:00',
 '2026-01-01 00:00:00', '["2027-03-01"]')"""
MEETING = """INSERT INTO board_meetings (id, title, starts_at, ends_at, location, online_url, public,
 minutes, created_at, updated_at) VALUES (1, 'Board', '2027-03-01 17:00:00', '2027-03-01 19:00:00',
 'Bürgerhaus am Schlaatz', '', true, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"""


def _flask(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "flask", "db", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_venue_migration_existing_free_text_places_kept_without_venue(tmp_path):
    target = f"sqlite:///{tmp_path / 'places.db'}"
    env = {**os.environ, "DATABASE_URL": target, "FLASK_APP": "wsgi.py"}
    _flask(env, "upgrade", BEFORE)
    engine = sa.create_engine(target)
    with engine.begin() as conn:
        for statement in (COURSE, RUN, MEETING):
            conn.execute(sa.text(statement))
    _flask(env, "upgrade")
    with engine.connect() as conn:
        run = conn.execute(sa.text("SELECT venue, venue_id FROM course_runs")).one()
        meeting = conn.execute(sa.text("SELECT location, venue_id FROM board_meetings")).one()
    engine.dispose()
    assert tuple(run) == ("Rathaus, Saal 2", None)
    assert tuple(meeting) == ("Bürgerhaus am Schlaatz", None)
