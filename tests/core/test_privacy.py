"""Personal data: the record of processing names every personal column; export and erasure."""

import re
from pathlib import Path

import sqlalchemy as sa

from office.core.privacy import erase_everywhere, export_everywhere, read_ledger, reapply_erasures
from tests.factories import UserFactory

RECORD = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
#: column names that suggest data about a person
PERSONAL = re.compile(
    r"(^|_)(e?mail|name|first_name|last_name|phone|mobile|address|street|postcode|zip|city|birth"
    r"|born|age|gender|ip|recipient|requester|contact|comment|message|body|note|notes|dietary"
    r"|needs|accessibility_needs|household|hash|secret|nationality|education|migration)($|_)"
)


def _named_in_record() -> set[str]:
    return set(re.findall(r"`([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)`", RECORD.read_text()))


def test_record_of_processing_names_every_personal_column(app):
    from office.extensions import db

    named = _named_in_record()
    missing = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if (PERSONAL.search(column.name) or column.info.get("personal"))
        and column.info.get("personal") is not False
        and f"{table.name}.{column.name}" not in named
    ]
    assert missing == [], "add these to docs/privacy.md: " + ", ".join(missing)


def test_record_names_only_existing_columns(app):
    from office.extensions import db

    existing = {f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns}
    assert sorted(_named_in_record() - existing) == []


def test_export_and_erasure_of_an_account(db, outbox):
    from office.core.outbox import queue_mail

    user = UserFactory(email="erika@example.org", name="Erika Muster")
    queue_mail(
        "erika@example.org",
        "Hi",
        "invitation",
        locale="en",
        user=user,
        inviter=None,
        link="x",
        hours=1,
    )
    db.session.commit()
    exported = export_everywhere("Erika@Example.org")
    assert exported["accounts"]["name"] == "Erika Muster"
    assert exported["mail"]["messages"][0]["subject"] == "Hi"
    erase_everywhere("erika@example.org")
    db.session.commit()
    db.session.refresh(user)
    assert user.email != "erika@example.org" and user.name != "Erika Muster"
    assert not user.active and user.password_hash is None
    assert outbox.to("erika@example.org") == []
    assert len(read_ledger()) == 1
    assert "erika" not in str(read_ledger())


def test_erasure_is_applied_again_after_an_older_backup_comes_back(db):
    UserFactory(email="back@example.org", name="Bernd Back")
    db.session.commit()
    erase_everywhere("back@example.org")
    db.session.commit()
    ledger = read_ledger()
    # simulate the restore of a backup taken before the erasure
    from office.auth.models import User
    from office.core.privacy import ErasureRecord

    db.session.execute(sa.delete(ErasureRecord))
    UserFactory(email="back@example.org", name="Bernd Back")
    db.session.commit()
    assert reapply_erasures(ledger) == 1
    db.session.commit()
    assert db.session.scalar(sa.select(User).where(User.email == "back@example.org")) is None
