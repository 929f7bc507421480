"""The README's production recipe for real: Debian's nginx on loopback in front of gunicorn
(2 workers), rate limits in Redis. Clients connect from different loopback addresses
(127.0.0.x), so nginx sees each one's own address, as it would see visitors on the internet.

Issue 24 measured that behind the proxy every visitor shared the proxy's address: 120 wrong
passwords locked every user of the city out. With `OFFICE_TRUSTED_PROXIES` the attacker's
failures stop only the attacker; without it (the negative control) they stop everyone.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from flask_migrate import upgrade
from requests.adapters import HTTPAdapter

from office import create_app
from office.auth.models import User
from office.core.clock import utcnow
from office.extensions import db

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "correct horse battery staple"  # noqa: S105
SECRET = "proxy-test-secret"  # noqa: S105

NGINX_CONF = """
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
daemon off;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """An SQLite file with the schema and three accounts, shared by the servers below."""
    url = f"sqlite:///{tmp_path_factory.mktemp('proxy') / 'office.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET,
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        upgrade()
        for name in ("ann", "bo", "cem"):
            user = User(email=f"{name}@example.org", name=name.title(), email_confirmed_at=utcnow())
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    return url


class Site:
    """gunicorn behind nginx, as the README's production recipe sets them up."""

    def __init__(self, tmp: Path, database_url: str, trusted_proxies: str):
        if not os.access(NGINX, os.X_OK):
            pytest.fail(
                f"nginx is required ({NGINX}, Debian package nginx-light; .ci/run installs it)"
            )
        self.prefix = f"office-test-proxy-{uuid.uuid4().hex[:8]}"
        self.app_port, self.port = _free_port(), _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "OFFICE_BASE_URL": f"http://127.0.0.1:{self.port}",
            "OFFICE_TRUSTED_PROXIES": trusted_proxies,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": self.prefix,
            "RATELIMIT_ENABLED": "true",
        }
        self.gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{self.app_port}",
             "--log-level", "warning", "wsgi:app"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        user = "user root;" if os.geteuid() == 0 else ""
        conf = tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(user=user, tmp=tmp, port=self.port, upstream=self.app_port)
        )
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(conf)],
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> "Site":
        _wait_for(self.app_port, self.gunicorn, "gunicorn")
        _wait_for(self.port, self.nginx, "nginx")
        return self

    def stop(self) -> None:
        _stop(self.nginx)
        _stop(self.gunicorn)
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"*{self.prefix}*"):
            store.delete(key)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Visitor:
    """A browser at its own address (nginx sees 127.0.0.x as the client)."""

    def __init__(self, site: Site, address: str, spoof: str | None = None):
        self.site = site
        self.http = requests.Session()
        self.http.mount("http://", _FromAddress(address))
        if spoof:
            # what an attacker adds to pass as someone else; nginx appends the real address
            self.http.headers["X-Forwarded-For"] = spoof
        self._new_session()

    def _new_session(self) -> None:
        self.http.cookies.clear()
        page = self.http.get(self.site.url + "/account/login", timeout=30).text
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def login(self, email: str, password: str = PASSWORD) -> int:
        data = {"email": email, "password": password, "csrf_token": self.csrf, "next": ""}
        answer = self.http.post(
            self.site.url + "/account/login", data=data, allow_redirects=False, timeout=30
        )
        if answer.status_code == 302:
            self._new_session()  # the browser is closed; the next login starts afresh
        return answer.status_code


def _attack(site: Site, guesses: int = 120) -> list[int]:
    """120 wrong passwords, as in the issue: on Ann's account and on guessed addresses."""
    attacker = Visitor(site, "127.0.0.66", spoof="127.0.0.7")
    emails = ["ann@example.org", *(f"guess{n}@example.org" for n in range(11))]
    return [attacker.login(emails[n % len(emails)], f"guess number {n}!") for n in range(guesses)]


@pytest.fixture
def site_factory(database, tmp_path):
    sites = []

    def start(trusted_proxies: str, name: str) -> Site:
        folder = tmp_path / name
        folder.mkdir()
        sites.append(Site(folder, database, trusted_proxies))
        return sites[-1].start()

    yield start
    for site in sites:
        site.stop()


def test_behind_nginx_an_attackers_failures_do_not_stop_other_users(site_factory):
    site = site_factory("127.0.0.1", "trusted")
    ann = Visitor(site, "127.0.0.8")
    assert ann.login("ann@example.org") == 302  # her usual address, before the attack
    answers = _attack(site)
    assert answers.count(429) >= 100, answers
    assert Visitor(site, "127.0.0.7").login("bo@example.org") == 302
    assert Visitor(site, "127.0.0.9").login("cem@example.org") == 302
    assert ann.login("ann@example.org") == 302
    # the attacker's own right password is refused while the address waits
    assert Visitor(site, "127.0.0.66").login("cem@example.org") == 429


def test_behind_nginx_without_trusted_proxies_one_attacker_stops_everyone(site_factory):
    """Negative control: the issue's finding, which the test above would catch."""
    site = site_factory("", "untrusted")
    _attack(site, guesses=12)
    assert Visitor(site, "127.0.0.7").login("bo@example.org") == 429
