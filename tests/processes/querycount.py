"""Count the SQL statements a block of code sends (for "constant number of queries" tests)."""

from contextlib import contextmanager

from sqlalchemy import event

from office.extensions import db


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


@contextmanager
def count_queries():
    """Counts what a page needs to build itself: the fragment cache starts empty."""
    from office.core import cache

    cache.clear()
    counter = QueryCounter()
    engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


@contextmanager
def recorded_statements():
    """The SQL text of every statement a block sends (the fragment cache left as it is);
    `without_tokens` drops the reads of change tokens."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def without_tokens(statements: list[str]) -> list[str]:
    """The statements that read or write anything but the change tokens."""
    return [s for s in statements if "data_versions" not in s]
