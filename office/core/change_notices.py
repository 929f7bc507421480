"""Change tokens pushed to every server, so a cached page needs no database round trip.

On PostgreSQL every commit that renews tokens also sends `NOTIFY office_data_versions` with the
new token and the tables (delivered by PostgreSQL when, and only if, the transaction commits).
Each server process keeps one connection that LISTENs, loads all tokens once and then applies
the notices as they arrive: `cache.tokens` answers from memory.

It falls back to reading the tokens from the database (as on SQLite) whenever the answer in
memory could be behind:
- while the listening connection is not (yet, or no longer) up: after a reconnect the tokens are
  loaded afresh;
- for tables this process changed itself until their notice has come back, so a person's next
  page after their own change never shows the page from before.
A change made on another server shows here as soon as its notice arrives (milliseconds).
"""

import logging
import os
import threading
import time
from collections import deque

import psycopg
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

CHANNEL = "office_data_versions"
#: the listening connections' name in pg_stat_activity
APPLICATION_NAME = "office-change-notices"
#: seconds between health checks of an idle listening connection, and before a reconnect
IDLE_CHECK_SECONDS = 10
RECONNECT_SECONDS = 1


def payload(token: str, names: list[str]) -> str:
    return f"{token}:{','.join(names)}"


class Watcher:
    """The tokens of one database, kept current by a listening thread in this process."""

    def __init__(self, conninfo: str, table: str):
        self.conninfo = conninfo
        self.table = table
        self.lock = threading.Lock()
        self.pid = None
        self._reset()

    def _reset(self) -> None:
        self.tokens: dict[str, str] = {}
        #: tokens this process committed whose notice has not come back yet, by table
        self.pending: dict[str, str] = {}
        #: tokens whose notice came (a commit's own notice may arrive before it is noted)
        self.seen: deque = deque(maxlen=2048)
        self.live = False

    def ensure_running(self) -> None:
        """Start the listener in this process (a forked server worker starts its own)."""
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self._reset()
        threading.Thread(target=self._run, name="office-change-notices", daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as exc:  # noqa: BLE001 - any failure: fall back, then reconnect
                log.warning("change notices interrupted: %s", exc)
            with self.lock:
                self.live = False
            time.sleep(RECONNECT_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(
            self.conninfo, autocommit=True, application_name=APPLICATION_NAME
        ) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            # after LISTEN: a change committed from here on arrives as a notice as well
            rows = conn.execute(f"SELECT name, token FROM {self.table}").fetchall()  # noqa: S608 # nosec B608
            with self.lock:
                self.tokens = dict(rows)
                self.pending.clear()
                self.live = True
            while True:
                for note in conn.notifies(timeout=IDLE_CHECK_SECONDS):
                    self.apply(note.payload)
                conn.execute("SELECT 1")  # a dead connection raises here

    def apply(self, text: str) -> None:
        token, _sep, names = text.partition(":")
        with self.lock:
            self.seen.append(token)
            for name in names.split(","):
                self.tokens[name] = token
                if self.pending.get(name) == token:
                    del self.pending[name]

    def committed(self, names, token: str) -> None:
        """This process committed `token` for these tables (called after the commit)."""
        with self.lock:
            if token in self.seen:
                return
            for name in names:
                self.pending[name] = token

    def lookup(self, names: tuple) -> tuple | None:
        """The tokens from memory, or None when they must be read from the database."""
        with self.lock:
            if not self.live or any(n in self.pending for n in names):
                return None
            return tuple(self.tokens.get(n, "") for n in names)


_watchers: dict[tuple, Watcher] = {}
_guard = threading.Lock()


def watcher(engine: Engine, table: str) -> Watcher | None:
    """The running watcher of this engine's database; None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    key = (id(engine), str(engine.url))
    found = _watchers.get(key)
    if found is None:
        with _guard:
            found = _watchers.get(key)
            if found is None:
                url = engine.url.set(drivername="postgresql")
                found = Watcher(url.render_as_string(hide_password=False), table)
                _watchers[key] = found
    found.ensure_running()
    return found


def forget_pending() -> None:
    """Drop the tokens awaited from this process's commits (a test's commits inside a
    transaction that is then rolled back never send their notices)."""
    for found in list(_watchers.values()):
        with found.lock:
            found.pending.clear()
