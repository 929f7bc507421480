"""How the app is served: SQLite's settings on every connection, gunicorn's worker hook."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from office import create_app
from office.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def _pragma(conn, name: str):
    return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_sqlite_connection_reads_through_a_memory_map(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/o.db"})
    with app.app_context(), db.engine.connect() as one, db.engine.connect() as two:
        for conn in (one, two):
            assert _pragma(conn, "mmap_size") == 256 * 2**20
            assert _pragma(conn, "cache_size") == -64 * 2**10
            assert _pragma(conn, "journal_mode") == "wal"
            assert _pragma(conn, "foreign_keys") == 1
        db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _frozen_counts(proc, workers: int, limit: float = 90) -> list[int]:
    """The objects each worker froze, as its log line reports them (read by a thread: a
    server that never writes the line must not block the test)."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    counts, deadline = [], time.monotonic() + limit
    while len(counts) < workers and time.monotonic() < deadline:
        try:
            found = re.search(r"worker \d+: (\d+) objects frozen", lines.get(timeout=1))
        except queue.Empty:
            continue
        counts += [int(found.group(1))] if found else []
    return counts


def test_gunicorn_workers_freeze_the_loaded_app(tmp_path):
    """`gunicorn wsgi:app` in the project directory (the README's recipe) reads
    gunicorn.conf.py: each worker, once it has loaded the app, hides it from the garbage
    collector (a bare interpreter with gunicorn tracks some 20,000 objects, the app 250,000)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/o.db", "FLASK_APP": "wsgi.py"}
    bind = f"127.0.0.1:{_free_port()}"
    cmd = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", bind, "--log-level", "info"]
    proc = subprocess.Popen(
        [*cmd, "wsgi:app"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        counts = _frozen_counts(proc, workers=2, limit=60)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert len(counts) == 2
    assert min(counts) > 150_000
