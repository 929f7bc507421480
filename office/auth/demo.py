"""Demo accounts: one user per role, with the password `make run` prints."""

import sqlalchemy as sa

from office.auth.models import User
from office.contacts.models import Organisation, OrganisationKind
from office.core.clock import utcnow
from office.core.registry import demo_seeder
from office.extensions import db

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed by `make run` for trying the demo

#: (email, name, roles, department short name)
USERS = [
    ("admin@example.org", "Ada Admin", ["admin"], None),
    ("staff@example.org", "Sven Stabsstelle", ["office_staff"], None),
    ("staff2@example.org", "Mette Madsen", ["office_staff"], None),
    ("department@example.org", "Dana Fachbereich", ["department_staff"], "61"),
    ("mobility@example.org", "Jonas Verkehr", ["department_staff"], "66"),
    ("initiative@example.org", "Ingrid Initiativ", ["initiative_rep"], None),
    ("board@example.org", "Bent Beirat", ["board_member"], None),
]


@demo_seeder("users", order=2)
def seed_users(scale: str) -> None:
    for email, name, roles, department in USERS:
        if db.session.scalar(sa.select(User).filter_by(email=email)) is None:
            _add_user(email, name, roles, department)
    db.session.flush()


def _add_user(email: str, name: str, roles: list[str], department: str | None) -> None:
    organisation = department and db.session.scalar(
        sa.select(Organisation).filter_by(kind=OrganisationKind.DEPARTMENT, short_name=department)
    )
    user = User(
        email=email, name=name, organisation=organisation or None, email_confirmed_at=utcnow()
    )
    user.set_password(DEMO_PASSWORD)
    user.set_roles(roles)
    db.session.add(user)


def demo_accounts() -> list[tuple[str, str]]:
    return [(email, ", ".join(roles)) for email, _name, roles, _dep in USERS]
