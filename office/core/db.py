"""Database helpers: an aware UTC datetime type, SQLite settings, row locks."""

import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import lazyload

from office.extensions import db


class UTCDateTime(sa.types.TypeDecorator):
    """A datetime stored in UTC and always returned timezone-aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    """created_at / updated_at, set by callables at insert and update time."""

    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    updated_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow, onupdate=_utcnow)


def one_of(column: str, values, name: str | None = None) -> sa.CheckConstraint:
    """A database check that `column` holds one of `values` (strings or a StrEnum)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name or column)


def part_of(target: str, **kwargs) -> sa.Column:
    """The indexed reference to the row this one belongs to (`"courses.id"`); deleted with it."""
    options = {"nullable": False, "index": True} | kwargs
    return db.Column(db.Integer, db.ForeignKey(target, ondelete="CASCADE"), **options)


class EnumText(sa.types.TypeDecorator):
    """A `StrEnum` stored as its string value; read back as the enum member."""

    impl = sa.String
    cache_ok = True

    def __init__(self, enum_class, length: int = 30):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)


class DateList(sa.types.TypeDecorator):
    """A sorted list of calendar days, stored as ISO dates separated by commas."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else ",".join(d.isoformat() for d in sorted(value))

    def process_result_value(self, value, dialect):
        return None if value is None else [date.fromisoformat(v) for v in value.split(",")]


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def for_update(stmt):
    """Lock the selected rows until commit (PostgreSQL); SQLite holds the write lock already."""
    return stmt.with_for_update()


def one_at_a_time(name: str) -> None:
    """Until commit, no other transaction runs the work called `name` (PostgreSQL advisory
    lock, e.g. a periodic job started on two servers at once); SQLite has one writer anyway."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def locked_row(model, row_id: int):
    """The row of `model` locked until commit and read again, with what other transactions
    committed meanwhile (the session's older copy is overwritten)."""
    stmt = (
        sa.select(model)
        .where(model.id == row_id)
        .options(lazyload("*"))
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(for_update(stmt)).one()


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # let SQLAlchemy's "begin" event decide how a transaction starts
        dbapi_connection.isolation_level = None
        _set_pragmas(dbapi_connection)


#: the settings of every SQLite connection; the file is read through a memory map (256 MB, the
#: operating system's page cache shared by every process, coherent with their writes) and each
#: connection keeps up to 64 MB of pages (a city's database is read without copying it again)
SQLITE_PRAGMAS = (
    "foreign_keys=ON",
    "journal_mode=WAL",
    "synchronous=NORMAL",
    "busy_timeout=30000",
    f"mmap_size={256 * 2**20}",
    f"cache_size=-{64 * 2**10}",
)


def _set_pragmas(dbapi_connection) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


def _wants_write_lock(conn) -> bool:
    if _write_intent.get():
        return True
    return has_request_context() and _request_writes()


def _request_writes() -> bool:
    """A request other than GET, HEAD and OPTIONS, or to a view declared `writes_on_get`."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "writes_on_get", False)


def writes_on_get(view):
    """Declare a GET view that writes (an export that records itself): its transactions take
    SQLite's write lock when they begin, as a POST's do, so concurrent requests queue instead of
    failing on a lock upgrade. `tests/core/test_write_intent.py` finds GET views that write."""
    view.writes_on_get = True
    return view


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name == "sqlite":
        # Writes take SQLite's single write lock when they begin (BEGIN IMMEDIATE), so two
        # writers queue instead of failing with a stale snapshot; reads stay concurrent (WAL).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock(conn) else "BEGIN")


@contextmanager
def write_intent():
    """Transactions begun inside this block are writers (CLI and background work on SQLite)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)
