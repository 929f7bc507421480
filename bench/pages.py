"""The pages the benchmark loads, resolved against the seeded database.

Each entry: (label, path or function(app) -> path, needs_staff_login). Functions pick real ids
from the database (a course run, a district), so the benchmark hits pages with data.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from office.extensions import db


def _first_id(table: str, where: str = "") -> int | None:
    if table not in db.metadata.tables:
        return None
    t = db.metadata.tables[table]
    stmt = sa.select(t.c.id).order_by(t.c.id).limit(1)
    if where:
        stmt = stmt.where(sa.text(where))
    return db.session.scalar(stmt)


def _district_slug() -> str | None:
    return db.session.scalar(sa.text("SELECT slug FROM districts ORDER BY id LIMIT 1"))


def course_run_page():
    """The public page of one coming run (details, seats left and the registration form)."""
    run_id = db.session.scalar(
        sa.text(
            "SELECT r.id FROM course_runs r JOIN courses c ON c.id = r.course_id "
            "WHERE r.published AND c.published AND NOT c.archived AND r.first_day >= :today "
            "ORDER BY r.first_day, r.id LIMIT 1"
        ),
        {"today": date.today()},
    )
    return f"/courses/runs/{run_id}/register" if run_id else None


def course_page():
    """A published course's page (description, coming runs, interest form)."""
    slug = db.session.scalar(
        sa.text(
            "SELECT c.slug FROM courses c JOIN course_runs r ON r.course_id = c.id "
            "WHERE c.published AND NOT c.archived AND r.published ORDER BY c.id LIMIT 1"
        )
    )
    return f"/courses/{slug}" if slug else None


def initiative_page():
    """A published initiative with coming events (its page lists them)."""
    initiative_id = db.session.scalar(
        sa.text(
            "SELECT i.id FROM initiatives i JOIN events e ON e.initiative_id = i.id "
            "WHERE i.status = 'published' AND e.status = 'published' ORDER BY i.id LIMIT 1"
        )
    )
    return f"/initiatives/{initiative_id}" if initiative_id else None


def event_page():
    """A published recurring event (its page lists its coming dates)."""
    event_id = _first_id("events", "status = 'published' AND rrule != ''")
    return f"/calendar/events/{event_id}" if event_id else None


def _process_id() -> int | None:
    """A public process with recommendations (the scorecard lists them)."""
    return db.session.scalar(
        sa.text(
            "SELECT p.id FROM processes p WHERE p.is_public AND EXISTS "
            "(SELECT 1 FROM recommendations r WHERE r.process_id = p.id) ORDER BY p.id LIMIT 1"
        )
    )


def process_page():
    process_id = _process_id()
    return f"/processes/{process_id}" if process_id else None


def scorecard():
    process_id = _process_id()
    return f"/processes/{process_id}/scorecard" if process_id else None


def calendar_month():
    today = date.today()
    return f"/calendar/?month={today:%Y-%m}"


def district_feed():
    slug = _district_slug()
    return f"/calendar.ics?district={slug}" if slug else None


def events_api_month():
    start = date.today().replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return f"/api/v1/events?from={start.isoformat()}&to={end.isoformat()}"


#: (label, path or callable, logged in as office staff?)
PAGES = [
    ("healthz (reference)", "/healthz", False),
    ("home", "/", False),
    ("course list", "/courses/", False),
    ("course page", course_page, False),
    ("course run page", course_run_page, False),
    ("directory list", "/initiatives/", False),
    ("directory search", "/initiatives/?q=garten", False),
    ("initiative page", initiative_page, False),
    ("event page", event_page, False),
    ("calendar month", calendar_month, False),
    ("calendar.ics one district", district_feed, False),
    ("API initiatives", "/api/v1/initiatives", False),
    ("API events one month", events_api_month, False),
    ("process list", "/processes/", False),
    ("process page", process_page, False),
    ("process scorecard", scorecard, False),
    ("request queue (staff)", "/requests/queue", True),
    ("contacts search (staff)", "/contacts/?q=anna", True),
]


def resolve(app) -> list[tuple[str, str, bool]]:
    out = []
    with app.test_request_context():
        for label, target, staff in PAGES:
            path = target() if callable(target) else target
            if path:
                out.append((label, path, staff))
    return out
