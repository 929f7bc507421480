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
