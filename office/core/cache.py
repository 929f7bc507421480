"""Rendered fragments reused until the data they show changes.

Every table has a change token in `data_versions`. A commit that inserted, updated or deleted
rows of a table (through the ORM session: unit of work, bulk and Core statements alike) gives
the table a new random token, in one statement just before the commit. A fragment's key holds
the tokens of the tables it reads (read before the data, so a fragment is never filed under a
newer token than its data), the language, the arguments that shape it and, for fragments that
depend on the time (deadlines, "coming" dates), the current minute.

The store is per process and bounded; several servers stay correct because the tokens live in
the database. On PostgreSQL the servers learn of new tokens by notices (`change_notices`), so a
page served from the store reads nothing from the database. Entries also expire after `OFFICE_FRAGMENT_CACHE_SECONDS`, a net for changes made
outside the ORM session (hand-written SQL), which then show after at most that long.
"""

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import chain

import sqlalchemy as sa
from flask import current_app, has_app_context, render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from office.core import change_notices
from office.core.clock import utcnow
from office.extensions import db

_CHANGED = "office_changed_tables"
_BUMPED = "office_bumped_tokens"
MAX_ENTRIES = 512
#: the name of one more token, renewed by every commit that renews any table's
#: (whole kept pages, `page_cache`, depend on every table)
ANY = "*"


class DataVersion(db.Model):
    """The change token of one table (see the module's docstring)."""

    __tablename__ = "data_versions"
    name = db.Column(db.String(64), primary_key=True)
    token = db.Column(db.String(32), nullable=False)


_TABLE = DataVersion.__table__


#: tables no rendered fragment shows: a change needs no new token (the job recorder writes
#: `periodic_jobs` around every cron run, several times a minute)
UNCACHED = frozenset({_TABLE.name, "periodic_jobs"})


def _note(session: Session, names: Iterable[str]) -> None:
    changed = session.info.setdefault(_CHANGED, set())
    changed.update(n for n in names if n and n not in UNCACHED)


@event.listens_for(Session, "before_flush")
def _collect_flushed(session, flush_context, instances):
    names = []
    for obj in chain(session.new, session.deleted):
        names.extend(t.name for t in sa.inspect(obj).mapper.tables)
    for obj in session.dirty:  # attributes set to the values they had change nothing
        if session.is_modified(obj):
            names.extend(t.name for t in sa.inspect(obj).mapper.tables)
    _note(session, names)


@event.listens_for(Session, "do_orm_execute")
def _collect_statements(state):
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _note(state.session, [getattr(table, "name", None)])


@event.listens_for(Session, "before_commit")
def _bump_tokens(session):
    session.flush()  # pending objects reach the set before it is read
    names = sorted(session.info.pop(_CHANGED, ()))
    if names:
        bump(session, names)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_CHANGED, None)
    session.info.pop(_BUMPED, None)


@event.listens_for(Session, "after_commit")
def _note_committed(session):
    for names, token in session.info.pop(_BUMPED, ()):
        found = _watcher(session.get_bind())
        if found is not None:
            found.committed(names, token)


def _watcher(bind):
    """The change notices of the database behind `bind`, when they are on."""
    if not (has_app_context() and current_app.config.get("OFFICE_CHANGE_NOTICES", True)):
        return None
    return change_notices.watcher(getattr(bind, "engine", bind), _TABLE.name)


def bump(session, names: Iterable[str]) -> None:
    """Give these tables a new token (within the session's transaction)."""
    token = secrets.token_hex(8)
    rows = [{"name": n, "token": token} for n in sorted(set(names))]
    if not rows:
        return
    rows.append({"name": ANY, "token": token})
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(_TABLE).values(rows)
    stmt = stmt.on_conflict_do_update(index_elements=["name"], set_={"token": stmt.excluded.token})
    session.execute(stmt)
    if dialect == "postgresql":  # delivered to every server when (and if) the commit happens
        notice = change_notices.payload(token, [r["name"] for r in rows])
        session.execute(sa.select(sa.func.pg_notify(change_notices.CHANNEL, notice)))
        session.info.setdefault(_BUMPED, []).append(([r["name"] for r in rows], token))


#: built once: constructing the statement per request cost as much as running it
_TOKENS = sa.select(_TABLE.c.name, _TABLE.c.token).where(
    _TABLE.c.name.in_(sa.bindparam("names", expanding=True))
)


_known: set[tuple] = set()


def tokens(tables: Iterable) -> tuple:
    """The current token of each table (a name or a model class)."""
    names = tuple(getattr(t, "__tablename__", t) for t in tables)
    if names not in _known:
        # a misspelt name would never change its token: the fragment would go stale
        unknown = [n for n in names if n not in db.metadata.tables]
        if unknown:
            raise ValueError(f"no such tables: {', '.join(unknown)}")
        _known.add(names)
    return _read(names)


def any_token() -> str:
    """The token renewed by every change of any table."""
    return _read((ANY,))[0]


def _read(names: tuple) -> tuple:
    watcher = _watcher(db.engine)
    remembered = watcher.lookup(names) if watcher is not None else None
    if remembered is not None:
        return remembered
    found = dict(db.session.execute(_TOKENS, {"names": list(names)}).all())
    return tuple(found.get(n, "") for n in names)


#: every store of the process, for `clear`
_stores: list["Store"] = []


class Store:
    """A bounded, thread-safe store of recently built values (least recently used go first)."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        _stores.append(self)

    def get(self, key, max_age: float):
        with self.lock:
            hit = self.entries.get(key)
            if hit is None:
                return None
            if time.monotonic() - hit[0] > max_age:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return hit

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def remembered(self, key, max_age: float, build: Callable[[], object]):
        """The value stored under `key` if younger than `max_age` seconds, else `build()`'s."""
        hit = self.get(key, max_age)
        if hit is not None:
            return hit[1]
        value = build()
        self.put(key, value)
        return value


_store = Store(MAX_ENTRIES)


def clear() -> None:
    """Empty every store of the process (tests: a rolled-back test's ids come again)."""
    for store in _stores:
        store.clear()


def fragment(
    name: str,
    tables: Iterable,
    build: Callable[[], object],
    parts: tuple = (),
    timed: bool = False,
):
    """`build()`'s result, reused while the tables (names or model classes) are unchanged.

    `parts` must hold everything else the result depends on (request arguments, the viewer's
    rights, the host for absolute links); the language is added here, and the current minute
    when `timed`.
    """
    max_age = current_app.config["OFFICE_FRAGMENT_CACHE_SECONDS"] if has_app_context() else 0
    if max_age <= 0:
        return build()
    # the app is part of the key: tests run several apps (other databases, other settings)
    app = id(current_app._get_current_object())
    key = (app, name, parts, str(get_locale()), tokens(tables))
    if timed:
        key += (utcnow().replace(second=0, microsecond=0),)
    return _store.remembered(key, max_age, build)


def request_args() -> tuple:
    """The request's path and query arguments, as a key part."""
    return (request.path, tuple(sorted(request.args.items(multi=True))))


def rendered(
    name: str,
    tables: Iterable,
    template: str,
    context: Callable[[], dict],
    parts: tuple = (),
    timed: bool = False,
) -> Markup:
    """`template` rendered with `context()`, reused like `fragment` (keyed on the request's
    arguments besides `parts`). The template must not hold anything personal to the viewer
    beyond what `parts` names, nor a CSRF token."""
    return fragment(
        name,
        tables,
        # an autoescaped template's output is HTML already
        lambda: Markup(render_template(template, **context())),  # noqa: S704  # nosec B704
        parts=(request_args(), *parts),
        timed=timed,
    )
