"""The fragment cache: lists are reused, yet every change through the app shows at once,
on this server and on another one sharing the database (tests/core/test_change_notices.py)."""

import sqlalchemy as sa

from office.core import cache
from office.core.cache import DataVersion
from office.courses.models import Course, CourseRun
from tests.courses.factories import CourseFactory, RunFactory, fill


def _token(db, name):
    return db.session.scalar(sa.select(DataVersion.token).where(DataVersion.name == name))


def test_catalogue_is_reused_until_a_registration_changes_the_seats(client, db):
    run = RunFactory(course=CourseFactory(title="Digital participation", capacity=20))
    fill(run, 17)
    assert "3 seats left" in client.get("/courses/").get_data(as_text=True)

    # unchanged data: the same fragment is served without asking for the runs again
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.session.get_bind(), "before_cursor_execute", record)
    try:
        assert "3 seats left" in client.get("/courses/").get_data(as_text=True)
    finally:
        sa.event.remove(db.session.get_bind(), "before_cursor_execute", record)
    assert statements and not [s for s in statements if "course_runs" in s]

    fill(run, 1, start=18)
    assert "2 seats left" in client.get("/courses/").get_data(as_text=True)


def test_each_language_has_its_own_fragment(client, db):
    RunFactory(course=CourseFactory(title="Borgerting"))
    english = client.get("/courses/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    danish = client.get("/courses/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "excl. VAT" in english and "ekskl. moms" in danish


def test_unit_of_work_bulk_and_core_statements_change_tokens_rollback_does_not(db):
    course = CourseFactory()
    db.session.commit()
    before = _token(db, "courses")
    assert before

    course.title = "Renamed"
    db.session.commit()
    after_update = _token(db, "courses")
    assert after_update != before

    db.session.execute(sa.update(Course).values(summary="bulk"))
    db.session.commit()
    after_bulk = _token(db, "courses")
    assert after_bulk != after_update

    runs_before = _token(db, "course_runs")
    db.session.execute(sa.delete(CourseRun.__table__).where(CourseRun.id == -1))
    db.session.commit()
    assert _token(db, "course_runs") != runs_before

    course.title = "Not kept"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _token(db, "courses") == after_bulk


def test_cache_can_be_turned_off(app, client, db):
    RunFactory(course=CourseFactory(title="Citizens' assembly"))
    app.config["OFFICE_FRAGMENT_CACHE_SECONDS"] = 0
    try:
        client.get("/courses/")
        assert not cache._store.entries
    finally:
        app.config["OFFICE_FRAGMENT_CACHE_SECONDS"] = 300
    client.get("/courses/")
    assert cache._store.entries


def test_a_misspelt_table_name_is_refused(db):
    import pytest

    with pytest.raises(ValueError, match="no such tables: course_rnus"):
        cache.tokens(["courses", "course_rnus"])


def test_course_page_dates_are_reused_until_a_registration_changes_the_seats(client, db):
    course = CourseFactory(title="Digital participation", capacity=20)
    run = RunFactory(course=course)
    fill(run, 17)
    seats = '<td class="num">{}'
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert seats.format(3) in html and "application/ld+json" in html

    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.session.get_bind(), "before_cursor_execute", record)
    try:
        html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    finally:
        sa.event.remove(db.session.get_bind(), "before_cursor_execute", record)
    assert seats.format(3) in html and "application/ld+json" in html
    assert statements and not [s for s in statements if "FROM course_runs" in s]

    fill(run, 1, start=18)
    assert seats.format(2) in client.get(f"/courses/{course.slug}").get_data(as_text=True)
