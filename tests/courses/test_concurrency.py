"""Capacity under concurrency: 50 simultaneous registrations for the last 5 seats.

The positive test goes over real HTTP against the live server (CSRF on, logged-in staff).
The negative control turns the lock off (COURSES_LOCKING=False, test-only) and forces every
request to count the seats before anyone inserts: then the race really happens, and only the
database's seat constraint (PostgreSQL) or SQLite's refusal of a stale writer stops it - so
the positive test would notice if the lock were missing.
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from office.core.clock import utcnow
from office.courses.models import Registration
from office.courses.services import booking, packages
from tests.courses.factories import CourseFactory, RunFactory, fill
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.concurrency

CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


class Browser:
    """A cookie-keeping HTTP client (urllib) that logs in like a person would."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def token(self, path: str) -> str:
        _status, html = self.get(path)
        match = CSRF.search(html)
        return match.group(1) or match.group(2)

    def login(self, email: str) -> None:
        token = self.token("/account/login")
        status, html = self.post(
            "/account/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        assert status == 200 and "You are logged in." in html, html


def _counts(db, run_id):
    db.session.rollback()  # end the test's own (older) read snapshot
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.run_id == run_id)
        .group_by(Registration.status)
    ).all()
    db.session.commit()
    return dict(rows)


def test_fifty_simultaneous_registrations_for_last_five_seats_book_exactly_five(
    live_server, committed_db
):
    db = committed_db
    run = RunFactory(course=CourseFactory(capacity=20, min_participants=1))
    fill(run, 15)
    users = [
        UserFactory(email=f"storm{i}@example.org", roles=["department_staff"]) for i in range(50)
    ]
    db.session.commit()
    run_id = run.id

    browsers = []
    for user in users:
        browser = Browser(live_server.url)
        browser.login(user.email)
        browsers.append((browser, browser.token(f"/courses/runs/{run_id}/register")))

    start = threading.Barrier(len(browsers))
    statuses: list[int] = []
    outcomes: list[str] = []
    lock = threading.Lock()

    def register(browser, token):
        start.wait(timeout=30)
        status, html = browser.post(f"/courses/runs/{run_id}/register", {"csrf_token": token})
        with lock:
            statuses.append(status)
            if "Your seat is booked" in html:
                outcomes.append("booked")
            elif "you are on the waiting list" in html:
                outcomes.append("waitlisted")

    threads = [threading.Thread(target=register, args=pair) for pair in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)

    assert len(statuses) == 50
    assert all(s == 200 for s in statuses), statuses  # redirected to the confirmation page
    # what each person was told matches what is stored
    assert sorted(outcomes) == ["booked"] * 5 + ["waitlisted"] * 45
    counts = _counts(db, run_id)
    assert counts == {"confirmed": 20, "waitlisted": 45}
    seats = db.session.scalars(
        sa.select(Registration.seat_number).where(Registration.run_id == run_id)
    ).all()
    assert sorted(s for s in seats if s) == list(range(1, 21))


def _storm_without_lock(app, run_id: int, n: int, monkeypatch):
    """n threads book at once with the lock off, all counting seats before anyone inserts."""
    barrier = threading.Barrier(n)
    counted = booking.taken_seats

    def count_then_wait(run_id):
        taken = counted(run_id)
        try:
            barrier.wait(timeout=10)
        except threading.BrokenBarrierError:
            pass
        return taken

    monkeypatch.setattr(booking, "taken_seats", count_then_wait)
    monkeypatch.setitem(app.config, "COURSES_LOCKING", False)
    outcome = {"booked": 0, "net": 0, "database_refused": 0}
    lock = threading.Lock()

    def register(i):
        from office.extensions import db

        with app.test_request_context():
            try:
                booking.book_seat(
                    run_id,
                    booking.Applicant(name=f"P{i}", email=f"race{i}@example.org"),
                    utcnow(),
                    email_confirmed=True,
                )
                db.session.commit()
                key = "booked"
            except booking.SeatTaken:
                key = "net"
            except OperationalError:
                key = "database_refused"
            finally:
                db.session.rollback()
                db.session.remove()
            with lock:
                outcome[key] += 1

    threads = [threading.Thread(target=register, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcome


def test_negative_control_without_lock_the_race_happens(app, committed_db, monkeypatch):
    db = committed_db
    run = RunFactory(course=CourseFactory(capacity=5, min_participants=1))
    db.session.commit()
    run_id = run.id

    outcome = _storm_without_lock(app, run_id, 10, monkeypatch)

    # every request saw the same free seat: without the lock they collide, and the positive
    # test (all answered, exactly the free seats booked, everybody else waitlisted) would fail
    assert outcome["net"] + outcome["database_refused"] > 0, outcome
    counts = _counts(db, run_id)
    assert counts.get("confirmed", 0) + counts.get("waitlisted", 0) < 10
    # ... while the database's seat constraint still prevents the actual overbooking
    assert counts.get("confirmed", 0) <= 5


def test_concurrent_package_bookings_are_all_or_nothing_without_deadlock(app, committed_db):
    from decimal import Decimal

    from office.core.db import write_intent
    from office.core.errors import DomainError
    from office.courses.models import Package

    db = committed_db
    first = RunFactory(course=CourseFactory(capacity=4, min_participants=1))
    second = RunFactory(course=CourseFactory(capacity=4, min_participants=1))
    package = Package(title="Both", price=Decimal("700"), published=True)
    package.courses = [second.course, first.course]
    db.session.add(package)
    db.session.commit()
    package_id = package.id
    choice = {first.course_id: first.id, second.course_id: second.id}
    run_ids = (first.id, second.id)
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def book(i):
        from office.extensions import db as _db

        start.wait(timeout=30)
        with app.test_request_context(), write_intent():
            try:
                packages.book_package(
                    _db.session.get(Package, package_id),
                    booking.Applicant(name=f"P{i}", email=f"pkg{i}@example.org"),
                    choice,
                    utcnow(),
                )
                _db.session.commit()
                outcome = "booked"
            except DomainError:
                outcome = "refused"
            except Exception as exc:  # noqa: BLE001 - a deadlock or any other error fails the test
                outcome = type(exc).__name__
            finally:
                _db.session.rollback()
                _db.session.remove()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=book, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(results) == ["booked"] * 4 + ["refused"] * 4
    for run_id in run_ids:
        assert _counts(db, run_id) == {"confirmed": 4}


def test_fifty_guests_confirming_at_once_all_get_a_seat_and_no_503(live_server, committed_db):
    """Issue 24 measured 34-45 x 503 on SQLite when 50 guests confirmed at once: the link's GET
    wrote without taking the write lock first. Now the link opens a page and the button's POST
    confirms, beginning as a writer, so the confirmations queue."""
    from office.courses.services import tokens

    db = committed_db
    run = RunFactory(course=CourseFactory(capacity=60, min_participants=1))
    guests = fill(run, 50, status="unconfirmed")
    db.session.commit()
    links = [
        f"/courses/registrations/confirm/{tokens.make('course-confirm', g.id, g.email)}"
        for g in guests
    ]
    browsers = [(Browser(live_server.url), link) for link in links]
    pages = [(browser, link, browser.token(link)) for browser, link in browsers]
    start = threading.Barrier(len(pages))
    statuses: list[int] = []
    lock = threading.Lock()

    def confirm(browser, link, token):
        start.wait(timeout=30)
        status, _html = browser.post(link, {"csrf_token": token})
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=confirm, args=page) for page in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert sorted(statuses) == [200] * 50, statuses
    assert _counts(db, run.id) == {"confirmed": 50}
