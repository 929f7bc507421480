"""Whole anonymous pages kept (office.core.page_cache): what a visitor would notice.

A change shows on the next load of every kind of kept page; no visitor gets another's flash
message, CSRF token or session; a logged-in user always gets a fresh page; the language switch
works from a kept page; a page turns the moment its deadline passes; a kept page reads
nothing from PostgreSQL (change notices) and only the change token from SQLite."""

import re
from datetime import timedelta

import pytest
import time_machine

from office.core import cache
from office.core.clock import utcnow
from office.core.page_cache import CSRF_MARK, PageStore
from tests.core.test_change_notices import _settled, _statements
from tests.courses.factories import CourseFactory, RunFactory
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.processes.factories import ProcessFactory

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
MARCH = "from=2030-03-01&to=2030-04-01"


def _text(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _course(name):
    run = RunFactory(course=CourseFactory(title=name, slug="kept-course"))
    return run.course, ["/courses/", "/courses/kept-course", f"/courses/runs/{run.id}/register"]


def _initiative(name):
    row = InitiativeFactory(name=name)
    return row, ["/initiatives/", f"/initiatives/{row.id}", "/api/v1/initiatives"]


def _event(name):
    row = EventFactory(title=name)
    month = ["/calendar/?month=2030-03", f"/api/v1/events?{MARCH}", f"/calendar.ics?{MARCH}"]
    return row, [f"/calendar/events/{row.id}", *month]


def _process(name):
    row = ProcessFactory(title=name, status="running")
    return row, ["/processes/", f"/processes/{row.id}", f"/processes/{row.id}/scorecard"]


@pytest.mark.parametrize("make", [_course, _initiative, _event, _process])
def test_kept_page_change_by_staff_shows_on_next_anonymous_load(client, db, make):
    row, urls = make("Erste Fassung")
    for url in urls:
        assert "Erste Fassung" in _text(client, url), url
        assert "Erste Fassung" in _text(client, url), url  # kept
    setattr(row, "title" if hasattr(row, "title") else "name", "Zweite Fassung")
    db.session.commit()
    for url in urls:
        page = _text(client, url)
        assert "Zweite Fassung" in page and "Erste Fassung" not in page, url


def test_home_page_kept_shows_a_new_event_on_next_load(client, db):
    EventFactory(title="Nachbarschaftsfest", start_at=utcnow() + timedelta(days=1))
    assert "Nachbarschaftsfest" in _text(client, "/")
    assert "Straßenflohmarkt" not in _text(client, "/")
    EventFactory(title="Straßenflohmarkt", start_at=utcnow() + timedelta(days=1, hours=1))
    assert "Straßenflohmarkt" in _text(client, "/")


def test_flash_message_is_never_served_to_another_visitor(app, client, db):
    _process("Marktplatz")
    other = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Ihre Nachricht an Ada")]
    assert "Ihre Nachricht an Ada" in _text(client, "/processes/")
    assert "Ihre Nachricht an Ada" not in _text(other, "/processes/")
    assert "Ihre Nachricht an Ada" not in _text(client, "/processes/")  # shown once
    # and the other way round: a page kept before is not served over a waiting message
    with other.session_transaction() as session:
        session["_flashes"] = [("success", "Gespeichert für Bo")]
    assert "Gespeichert für Bo" in _text(other, "/processes/")


def test_logged_in_user_never_sees_a_kept_anonymous_page(client, db, login_as):
    _process("Marktplatz")
    assert "Log in" in _text(client, "/processes/")
    assert "Log in" in _text(client, "/processes/")  # kept for anonymous visitors
    login_as("office_staff", name="Greta Gärtner")
    page = _text(client, "/processes/")
    assert "Greta Gärtner" in page and "Log out" in page
    with client.session_transaction() as session:
        session.clear()
    assert "Greta Gärtner" not in _text(client, "/processes/")


def test_csrf_tokens_of_two_visitors_of_a_kept_page_differ(app, client, db):
    _process("Marktplatz")
    other = app.test_client()
    first = TOKEN.findall(_text(client, "/processes/"))
    second = TOKEN.findall(_text(other, "/processes/"))
    assert first and second and first[0] != second[0]
    assert CSRF_MARK not in _text(other, "/processes/")
    assert client.get_cookie("session").value != other.get_cookie("session").value


def test_language_switch_on_a_kept_page_works(app, client, db, csrf_enabled):
    _process("Marktplatz")
    _text(app.test_client(), "/processes/")  # kept by someone else's visit
    page = _text(client, "/processes/", **{"Accept-Language": "en"})
    token = TOKEN.search(page).group(1)
    answer = client.post(
        "/language", data={"csrf_token": token, "locale": "da", "next": "/processes/"}
    )
    assert answer.status_code == 303
    assert '<html lang="da">' in _text(client, "/processes/")
    assert '<html lang="en">' in _text(app.test_client(), "/processes/")


def test_kept_page_turns_when_the_registration_closes(client, db):
    run = RunFactory(course=CourseFactory(title="Moderation"))
    run.deadline += timedelta(seconds=30)  # half a minute: both loads below in the same minute
    db.session.commit()
    url = f"/courses/runs/{run.id}/register"
    with time_machine.travel(run.deadline - timedelta(seconds=1), tick=False):
        assert "is closed" not in _text(client, url)
        assert "is closed" not in _text(client, url)
    with time_machine.travel(run.deadline + timedelta(seconds=1), tick=False):
        assert "is closed" in _text(client, url)


def test_kept_page_head_and_headers_match_a_fresh_answer(client, db):
    _process("Marktplatz")
    fresh = client.get("/processes/")
    kept = client.get("/processes/")
    head = client.head("/processes/")
    for answer in (kept, head):
        assert answer.status_code == 200
        for name in ("Content-Type", "Content-Security-Policy", "Cache-Control", "X-Frame-Options"):
            assert answer.headers[name] == fresh.headers[name], name
    assert head.get_data() == b""
    assert client.get("/courses/no-such-course").status_code == 404
    CourseFactory(slug="no-such-course", title="Neu im Programm")
    assert "Neu im Programm" in _text(client, "/courses/no-such-course")


def test_kept_page_reads_only_the_change_token(app, committed_db):
    ProcessFactory(title="Marktplatz", status="running")
    committed_db.session.commit()
    client = app.test_client()
    engine = committed_db.engine
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        _settled(engine, names=(cache.ANY,))
    assert "Marktplatz" in _text(client, "/processes/")
    committed_db.session.remove()
    second = _statements(engine, lambda: _text(client, "/processes/"))
    if postgres:
        assert second == []
    else:
        reads = [s for s in second if s != "BEGIN"]
        assert len(reads) == 1 and "data_versions" in reads[0]


def test_kept_page_first_load_does_read_the_data(app, committed_db):
    """The negative control of the test above: without a kept page the view reads processes."""
    ProcessFactory(title="Marktplatz", status="running")
    committed_db.session.commit()
    first = _statements(committed_db.engine, lambda: _text(app.test_client(), "/processes/"))
    assert any("FROM processes" in s for s in first)


def test_page_store_keeps_bodies_within_its_byte_budget():
    store = PageStore(size=10, max_bytes=100)
    for n in range(5):
        store.put(n, (200, [], b"x" * 40))
    assert [key for key in store.entries] == [3, 4]  # the oldest go first
    store.put("large", (200, [], b"x" * 101))
    assert "large" not in store.entries
