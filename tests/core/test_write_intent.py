"""On SQLite a transaction that reads and then writes cannot wait for the write lock: it fails
(503) when another writer came first. Every POST therefore begins with BEGIN IMMEDIATE; a GET
that writes must say so (`writes_on_get`) and gets the same."""

import inspect
import re

WRITES = re.compile(r"session\.commit\(|\bperform(_once)?\(")


def test_every_get_only_view_that_writes_declares_it(app):
    undeclared = []
    for rule in app.url_map.iter_rules():
        if rule.methods - {"HEAD", "OPTIONS"} != {"GET"}:
            continue
        view = app.view_functions[rule.endpoint]
        source = inspect.getsource(inspect.unwrap(view))
        if WRITES.search(source) and not getattr(view, "writes_on_get", False):
            undeclared.append(rule.rule)
    assert undeclared == []


def test_a_get_that_writes_begins_as_a_writer_and_a_plain_get_as_a_reader(app):
    from office.core.db import _wants_write_lock

    with app.test_request_context("/contacts/export.csv"):
        assert _wants_write_lock(None)
    with app.test_request_context("/contacts/people/1/export.json"):
        assert _wants_write_lock(None)
    with app.test_request_context("/contacts/"):
        assert not _wants_write_lock(None)
    with app.test_request_context("/contacts/", method="POST"):
        assert _wants_write_lock(None)
