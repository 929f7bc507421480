"""Two servers behind a real load balancer: Debian's HAProxy on loopback, round robin over two
gunicorn servers (2 workers each) that share the suite's database and Redis.

- a login made through one server holds on both (every other request lands on the other);
- the login rate limit is one limit for both servers (Redis), not one per server;
- a registration made on one server shows in the other server's cached course list at once;
- periodic commands started on both servers at the same moment do the work once;
- 50 simultaneous registrations spread over both servers never overbook a run.

On PostgreSQL (CI's second run) this is the production setting: change notices by LISTEN/NOTIFY,
row locks. On SQLite the servers share the file (its single writer).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
import sqlalchemy as sa

from office.core.clock import utcnow
from office.courses.models import Registration
from office.events.models import EventOccurrence, OccurrenceHorizon
from tests.courses.factories import CourseFactory, RunFactory
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = "/usr/sbin/haproxy"
REDIS_URL = "redis://127.0.0.1:6379/14"
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
REGISTRATIONS = 50
SEATS = 10

HAPROXY_CONF = """
global
  maxconn 512
defaults
  mode http
  timeout connect 5s
  timeout client 120s
  timeout server 120s
frontend office
  bind 127.0.0.1:{port}
  default_backend servers
  http-response set-header X-Server %[srv_name]
backend servers
  balance roundrobin
  option forwardfor
  server one 127.0.0.1:{one}
  server two 127.0.0.1:{two}
"""


CRON_SCRIPT = """
import sys
from wsgi import app
runner = app.test_cli_runner()
for command in sys.argv[1:]:
    result = runner.invoke(args=command.split())
    print(result.output, flush=True)
    if result.exit_code:
        sys.exit(result.exit_code)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)  # gunicorn: quick shutdown
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Cluster:
    """HAProxy in front of two gunicorn servers, one database, one Redis."""

    def __init__(self, tmp: Path, database_url: str, secret: str, smtp_port: int):
        if not os.access(HAPROXY, os.X_OK):
            pytest.fail(
                f"HAProxy is required ({HAPROXY}, Debian package haproxy; .ci/run installs it)"
            )
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret,
            "OFFICE_BASE_URL": self.url,
            "OFFICE_TRUSTED_PROXIES": "127.0.0.1",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": f"office-test-two-{uuid.uuid4().hex[:8]}",
            "RATELIMIT_ENABLED": "true",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "FLASK_APP": "wsgi.py",
        }
        self.procs: list[subprocess.Popen] = []
        self.servers = {}
        for name in ("one", "two"):
            port = _free_port()
            self.servers[name] = f"http://127.0.0.1:{port}"
            self._start(
                [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "8",
                 "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
            )  # fmt: skip
        conf = tmp / "haproxy.cfg"
        conf.write_text(
            HAPROXY_CONF.format(
                port=self.port,
                one=self.servers["one"].rsplit(":", 1)[1],
                two=self.servers["two"].rsplit(":", 1)[1],
            )
        )
        self._start([HAPROXY, "-db", "-f", str(conf)])
        for proc, url in zip(self.procs, [*self.servers.values(), self.url], strict=True):
            _wait_for(url + "/healthz", proc, proc.args[2] if len(proc.args) > 2 else "haproxy")

    def _start(self, args) -> None:
        self.procs.append(subprocess.Popen(args, env=self.env, cwd=ROOT, start_new_session=True))

    def cron(self, *commands: str) -> subprocess.Popen:
        """One server's periodic commands, one after the other as its cron starts them (in one
        process: starting the app once per command doubled this test's time)."""
        return subprocess.Popen(
            [sys.executable, "-c", CRON_SCRIPT, *commands], env=self.env, cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    def reset_limits(self) -> None:
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"*{self.env['RATELIMIT_KEY_PREFIX']}*"):
            store.delete(key)

    def stop(self) -> None:
        self.reset_limits()
        for proc in self.procs:  # all at once: each takes a moment to shut down
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
        for proc in self.procs:
            _stop(proc)


@pytest.fixture(scope="module")
def cluster(app, _smtp, tmp_path_factory):
    site = Cluster(
        tmp_path_factory.mktemp("two-servers"),
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SECRET_KEY"],
        _smtp.port,
    )
    yield site
    site.stop()


def _login(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/account/login", timeout=60).text
    answer = browser.post(
        f"{base}/account/login",
        data={"csrf_token": TOKEN.search(page).group(1), "email": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def _register(browser: requests.Session, base: str, run_id: int) -> requests.Response:
    """A department member registers themselves (a seat at once, or the waiting list)."""
    url = f"{base}/courses/runs/{run_id}/register"
    form = browser.get(url, timeout=60).text
    token = TOKEN.search(form).group(1)
    return browser.post(url, data={"csrf_token": token}, allow_redirects=False, timeout=120)


def _seats_left(base: str) -> str:
    html = requests.get(f"{base}/courses/", headers={"Accept-Language": "en"}, timeout=30).text
    return re.search(r"\d+ seats? left", html).group(0)


def test_a_login_holds_on_both_servers_and_the_rate_limit_is_shared(cluster, committed_db):
    staff = UserFactory(roles=["office_staff"])
    committed_db.session.commit()
    browser = _login(cluster.url, staff.email)
    served = [browser.get(f"{cluster.url}/requests/queue", timeout=30) for _ in range(4)]
    assert [r.status_code for r in served] == [200] * 4
    assert {r.headers["X-Server"] for r in served} == {"one", "two"}

    # 10 failed logins a minute from one address, counted over both servers (Redis)
    visitor = requests.Session()
    page = visitor.get(f"{cluster.url}/account/login", timeout=30).text
    token = TOKEN.search(page).group(1)
    answers = [
        visitor.post(
            f"{cluster.url}/account/login",
            data={"csrf_token": token, "email": f"nobody{n}@example.org", "password": "wrong"},
            allow_redirects=False,
            timeout=30,
        )
        for n in range(12)
    ]
    cluster.reset_limits()  # the other tests log in from the same address
    assert {a.headers["X-Server"] for a in answers[:10]} == {"one", "two"}
    assert 429 not in [a.status_code for a in answers[:10]]
    assert [a.status_code for a in answers[10:]] == [429, 429]


def test_a_change_on_one_server_shows_on_the_other_at_once(cluster, committed_db):
    run = RunFactory(course=CourseFactory(title="Open space", capacity=20, min_participants=1))
    member = UserFactory(roles=["department_staff"])
    committed_db.session.commit()
    one, two = cluster.servers["one"], cluster.servers["two"]
    assert _seats_left(two) == "20 seats left"  # now in server two's fragment cache
    assert _register(_login(one, member.email), one, run.id).status_code == 302
    started = time.monotonic()
    while _seats_left(two) != "19 seats left":
        assert time.monotonic() - started < 1.0, "server two still shows the old list"
        time.sleep(0.05)


def test_periodic_commands_on_both_servers_do_the_work_once(cluster, committed_db, smtp_server):
    from datetime import timedelta

    from office.core.models import OutboxMessage

    start = utcnow().replace(microsecond=0) - timedelta(days=7)
    series = EventFactory(
        start_at=start, end_at=start + timedelta(hours=2), rrule="FREQ=WEEKLY;COUNT=20",
        series_end_at=start + timedelta(weeks=19, hours=2),
    )  # fmt: skip
    for n in range(10):
        committed_db.session.add(
            OutboxMessage(recipient=f"person{n}@example.org", subject=f"Mail {n}", body_text="Hi")
        )
    committed_db.session.commit()
    # the horizon as it was a while ago: the later dates are still to be stored
    early = utcnow() + timedelta(days=10)
    committed_db.session.execute(sa.update(OccurrenceHorizon).values(until=early))
    committed_db.session.execute(
        sa.delete(EventOccurrence).where(EventOccurrence.start_at >= early)
    )
    committed_db.session.commit()
    missing = 20 - committed_db.session.scalar(
        sa.select(sa.func.count()).where(EventOccurrence.event_id == series.id)
    )
    assert missing > 10

    # each server runs its cron lines: both start at the same moment
    both = [cluster.cron("events extend-occurrences", "mail send-queued") for _ in range(2)]
    outputs = [p.communicate(timeout=90)[0] for p in both]
    assert [p.returncode for p in both] == [0, 0], outputs
    stored = [int(re.search(r"stored (\d+) occurrences", o).group(1)) for o in outputs]
    assert sorted(stored) == [0, missing], outputs
    committed_db.session.remove()
    count = committed_db.session.scalar(
        sa.select(sa.func.count()).where(EventOccurrence.event_id == series.id)
    )
    assert count == 20
    assert sorted(m["Subject"] for m in smtp_server.handler.messages) == [
        f"Mail {n}" for n in range(10)
    ]


def test_fifty_registrations_over_both_servers_never_overbook(cluster, committed_db):
    run = RunFactory(course=CourseFactory(title="Big day", capacity=SEATS, min_participants=1))
    members = [UserFactory(roles=["department_staff"]) for _ in range(REGISTRATIONS)]
    committed_db.session.commit()
    emails, run_id = [m.email for m in members], run.id
    with ThreadPoolExecutor(10) as pool:
        browsers = list(pool.map(lambda e: _login(cluster.url, e), emails))
    with ThreadPoolExecutor(REGISTRATIONS) as pool:
        answers = list(pool.map(lambda b: _register(b, cluster.url, run_id), browsers))
    assert {a.headers["X-Server"] for a in answers} == {"one", "two"}
    assert [a.status_code for a in answers] == [302] * REGISTRATIONS
    committed_db.session.remove()
    rows = committed_db.session.execute(
        sa.select(
            Registration.id, Registration.email, Registration.status, Registration.seat_number
        ).where(Registration.run_id == run.id)
    ).all()
    confirmed = [r for r in rows if r.status == "confirmed"]
    assert len(confirmed) == SEATS  # every seat taken, none twice, nobody lost
    assert sorted(r.seat_number for r in confirmed) == list(range(1, SEATS + 1))
    assert sorted(r.email for r in rows) == sorted(emails)
    stored = {r.id for r in rows}
    for answer in answers:
        assert (
            int(re.search(r"/courses/registrations/(\d+)", answer.headers["Location"]).group(1))
            in stored
        )
