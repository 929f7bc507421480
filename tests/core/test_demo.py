import sqlalchemy as sa

from office.core.registry import DEMO_SEEDERS


def _counts(db):
    return {
        t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def test_seed_demo_twice_changes_nothing(db):
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.flush()
    first = _counts(db)
    assert first["users"] >= 5 and first["districts"] >= 5
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.flush()
    assert _counts(db) == first


def test_demo_has_a_user_of_every_role(db):
    from office.auth.models import UserRole
    from office.core.access import ROLES

    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.flush()
    assert set(db.session.scalars(sa.select(UserRole.role).distinct())) == set(ROLES)
