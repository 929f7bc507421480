"""Write load: 20 concurrent clients compete for the seats of 10 course runs, over HTTP.

Each client is a logged-in member of a department (department staff register themselves and
get a seat at once, or a place on the waiting list when the run is full). It loads the
registration page of every run in its own random order, takes the CSRF token from the form
and posts it, like a browser. Afterwards the database is checked:

- no run has more confirmed registrations than seats, and no seat number twice;
- no person (email) twice on a run;
- every registration the server answered with a redirect to its page is stored, on that run,
  for that person;
- every seat is taken (20 people want 8 seats: nothing may be lost either).

The runs and users are created for the measurement and the runs removed afterwards.
"""

import os
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import time as dtime
from datetime import timedelta
from http.cookiejar import CookieJar

CLIENTS = 20
RUNS = 10
CAPACITY = 8
PASSWORD = "bench-writes-password-2026"  # noqa: S105  # nosec B105 (throw-away accounts)
MARKER = "Benchmark write load"
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _setup(app) -> tuple[list[int], list[str]]:
    import sqlalchemy as sa

    from office.auth.models import User
    from office.core.clock import utcnow
    from office.core.db import write_intent
    from office.courses.models import Course, CourseRun
    from office.extensions import db

    with app.app_context(), write_intent():
        course = db.session.scalar(
            sa.select(Course).where(Course.published, ~Course.archived).order_by(Course.id)
        )
        now = utcnow()
        first = (now + timedelta(days=90)).date()
        runs = []
        for i in range(RUNS):
            run = CourseRun(
                course_id=course.id,
                first_day=first + timedelta(days=i),
                last_day=first + timedelta(days=i),
                start_time=dtime(9, 0),
                end_time=dtime(16, 0),
                capacity=CAPACITY,
                min_participants=1,
                lead_days=14,
                deadline=now + timedelta(days=60),
                venue=MARKER,
                published=True,
            )
            db.session.add(run)
            runs.append(run)
        emails = [f"bench-writer-{n:02d}@example.org" for n in range(CLIENTS)]
        for email in emails:
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                user = User(email=email, name=f"Writer {email[13:15]}", email_confirmed_at=now)
                user.set_password(PASSWORD)
                user.set_roles(["department_staff"])
                db.session.add(user)
        db.session.commit()
        return [r.id for r in runs], emails


def _client(base: str, email: str, run_ids: list[int], answers: list, errors: list, go):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def fetch(path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(base + path, data=body, timeout=60) as resp:  # nosec B310
                return resp.status, resp.headers, resp.read().decode()
        except urllib.error.HTTPError as exc:  # 3xx (no redirects followed), 4xx, 5xx
            return exc.code, exc.headers, exc.read().decode(errors="replace")

    _s, _h, page = fetch("/account/login")
    status, _h, _b = fetch(
        "/account/login",
        {"csrf_token": TOKEN.search(page).group(1), "email": email, "password": PASSWORD},
    )
    if status != 302:
        errors.append(f"{email}: login answered {status}")
        return
    order = list(run_ids)
    random.shuffle(order)
    go.wait()
    for run_id in order:
        path = f"/courses/runs/{run_id}/register"
        _s, _h, page = fetch(path)
        token = TOKEN.search(page)
        started = time.monotonic()
        status, headers, _b = fetch(path, {"csrf_token": token.group(1) if token else ""})
        location = headers.get("Location", "") if headers else ""
        match = re.search(r"/courses/registrations/(\d+)", location)
        answers.append(
            {
                "run_id": run_id,
                "email": email,
                "status": status,
                "registration_id": int(match.group(1)) if match else None,
                "seconds": time.monotonic() - started,
            }
        )


def _check(app, run_ids, answers) -> list[str]:
    import sqlalchemy as sa

    from office.courses.models import CourseRun, Registration
    from office.extensions import db

    problems = []
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                Registration.id,
                Registration.run_id,
                Registration.email,
                Registration.status,
                Registration.seat_number,
            ).where(Registration.run_id.in_(run_ids))
        ).all()
        capacity = dict(
            db.session.execute(
                sa.select(CourseRun.id, CourseRun.capacity).where(CourseRun.id.in_(run_ids))
            ).all()
        )
        by_id = {r.id: r for r in rows}
        for run_id in run_ids:
            mine = [r for r in rows if r.run_id == run_id]
            confirmed = [r for r in mine if r.status == "confirmed"]
            if len(confirmed) > capacity[run_id]:
                problems.append(
                    f"run {run_id}: {len(confirmed)} confirmed, {capacity[run_id]} seats"
                )
            if len(confirmed) < min(capacity[run_id], CLIENTS):
                problems.append(f"run {run_id}: only {len(confirmed)} seats taken (lost bookings)")
            seats = [r.seat_number for r in confirmed]
            if len(seats) != len(set(seats)):
                problems.append(f"run {run_id}: a seat number twice")
            emails = [r.email for r in mine if r.status != "cancelled"]
            if len(emails) != len(set(emails)):
                problems.append(f"run {run_id}: a person registered twice")
        for a in answers:
            if 200 <= a["status"] < 400:
                row = by_id.get(a["registration_id"])
                if row is None or row.run_id != a["run_id"] or row.email != a["email"]:
                    problems.append(f"answer {a} is not stored")
    return problems


def _cleanup(app, run_ids) -> None:
    import sqlalchemy as sa

    from office.core.db import write_intent
    from office.courses.models import CourseRun, Registration
    from office.extensions import db

    with app.app_context(), write_intent():
        db.session.execute(sa.delete(Registration).where(Registration.run_id.in_(run_ids)))
        db.session.execute(sa.delete(CourseRun).where(CourseRun.id.in_(run_ids)))
        db.session.commit()


def run(base_url: str, kind: str) -> str:
    """Run the write load against the server at base_url (DATABASE_URL names its database)."""
    from office import create_app

    app = create_app({"RATELIMIT_ENABLED": False})
    run_ids, emails = _setup(app)
    answers: list = []
    errors: list = []
    go = threading.Barrier(CLIENTS + 1)
    threads = [
        threading.Thread(target=_client, args=(base_url, e, run_ids, answers, errors, go))
        for e in emails
    ]
    for t in threads:
        t.start()
    go.wait()  # every client is logged in: start together
    started = time.monotonic()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    problems = errors + _check(app, run_ids, answers)
    _cleanup(app, run_ids)
    ok = [a for a in answers if 200 <= a["status"] < 400]
    failed = len(answers) - len(ok)
    times = sorted(a["seconds"] for a in answers) or [0.0]
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    rate = len(ok) / elapsed if elapsed else 0
    lines = [
        f"### Writes ({kind}): {CLIENTS} clients compete for {RUNS} runs of {CAPACITY} seats",
        "",
        "| registrations | answered 2xx/3xx | other answers | registrations/s | POST p50 ms "
        "| POST p95 ms | invariants |",
        "|---:|---:|---:|---:|---:|---:|---|",
        f"| {len(answers)} | {len(ok)} | {failed} | {rate:.1f} "
        f"| {times[len(times) // 2] * 1000:.0f} | {p95 * 1000:.0f} "
        f"| {'all hold' if not problems else 'VIOLATED'} |",
        "",
        "Registrations/s counts completed registrations (each a page load for the CSRF token "
        "and the POST) over the wall time of the whole write phase. Checked afterwards: no run "
        "over capacity, no seat number twice, no person twice on a run, every seat taken, "
        "every successful answer stored.",
    ]
    if problems:
        lines += ["", "Problems:", ""] + [f"- {p}" for p in problems[:20]]
    print(
        f"bench {kind}: writes {rate:.1f} registrations/s, "
        f"{'invariants hold' if not problems else f'{len(problems)} problems'}"
    )
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use against a running server
    import sys

    print(run(sys.argv[1], os.environ.get("BENCH_KIND", "sqlite")))
