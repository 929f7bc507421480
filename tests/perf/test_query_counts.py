"""The SQL statements per page of the benchmark do not grow with the data (no N+1).

The demo data is seeded small, every page of `bench/pages.py` is loaded and its statements
counted; then the large seeders add many more people, initiatives, events, course runs with
registrations, help requests and processes (sized down here so the test stays quick) and the
counts must be the same.
"""

import builtins

import pytest
import sqlalchemy as sa

from bench.pages import PAGES, resolve
from office.core import cache
from office.core.registry import DEMO_SEEDERS
from office.extensions import db as _db
from tests.processes.querycount import recorded_statements, without_tokens


def _short_range(*args):
    """range() for the bulk seeders: a batched loop (step > 1) runs its first batch only."""
    r = builtins.range(*args)
    return r[:1] if r.step > 1 else r


def _grow(monkeypatch):
    import office.contacts.demo
    import office.courses.demo
    import office.directory.demo
    import office.events.demo
    import office.processes.demo
    import office.requests.demo

    monkeypatch.setattr(office.events.demo, "LARGE_COUNT", 2400)
    monkeypatch.setattr(office.directory.demo, "LARGE_COUNT", 600)
    monkeypatch.setattr(office.courses.demo, "LARGE_RUNS", 150)
    monkeypatch.setattr(office.courses.demo, "LARGE_REGISTRATIONS", 1500)
    for module in (office.contacts.demo, office.requests.demo, office.processes.demo):
        monkeypatch.setattr(module, "range", _short_range, raising=False)
    for seeder in DEMO_SEEDERS:
        seeder.fn("large")
    _db.session.commit()


def _table_size(name: str) -> int:
    return _db.session.scalar(sa.text(f"SELECT count(*) FROM {name}"))  # noqa: S608 - fixed names


def _count_queries(app, client, staff_client) -> dict[str, tuple[int, int]]:
    counts = {}
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", count)
    try:
        for label, path, staff in resolve(app):
            cache.clear()  # count what building the page takes, not a reused fragment
            statements.clear()
            response = (staff_client if staff else client).get(path)
            # the change tokens come from memory or, while this process awaits its own
            # commits' notices (which a test's rolled-back commits never send), from a read:
            # which of the two depends on the listener, not on the data
            counts[label] = (response.status_code, len(without_tokens(statements)))
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", count)
    return counts


@pytest.fixture
def staff_client(app, db):
    from tests import factories

    user = factories.UserFactory(roles=["office_staff"])
    db.session.commit()
    staff = app.test_client()
    with staff.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return staff


def test_every_benchmark_page_answers_with_a_constant_number_of_queries(
    app, db, client, staff_client, monkeypatch
):
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.commit()
    sizes = {t: _table_size(t) for t in ("persons", "events", "initiatives", "course_runs")}
    small = _count_queries(app, client, staff_client)

    _grow(monkeypatch)
    grown = {t: _table_size(t) for t in sizes}
    assert all(grown[t] >= 5 * max(sizes[t], 1) for t in sizes), (sizes, grown)
    large = _count_queries(app, client, staff_client)

    assert len(small) == len(PAGES)
    assert all(status == 200 for status, _n in small.values()), small
    assert all(status == 200 for status, _n in large.values()), large
    assert {label: n for label, (_s, n) in large.items()} == {
        label: n for label, (_s, n) in small.items()
    }


def _loader_statements(app, user_id: str) -> tuple[frozenset, list[str]]:
    """The roles the session's loader gives `user_id`, and the statements it ran."""
    _db.session.expunge_all()
    with recorded_statements() as statements:
        user = app.login_manager._user_callback(user_id)  # noqa: SLF001 - the loader itself
        roles = user.role_names
    return roles, without_tokens(statements)


def test_a_staff_page_loads_the_user_and_roles_in_one_statement_then_keeps_them(app, db, login_as):
    user_id = login_as("office_staff", "department_staff").get_id()
    cache.clear()
    first_roles, first = _loader_statements(app, user_id)
    again_roles, again = _loader_statements(app, user_id)
    assert first_roles == again_roles == {"office_staff", "department_staff"}
    assert len(first) == 1 and "user_roles" in first[0], first
    # the next request reads at most the change tokens of users and roles (none on PostgreSQL)
    assert again == []
