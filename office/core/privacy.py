"""Export and erasure of one person's data across every module, and the erasure ledger.

Modules register a `PersonalDataHandler` (office/core/registry.py). Erasure runs every handler,
then records a keyed hash of the address in `erasure_ledger` (never the address itself), so a
restored backup can have the same erasures applied again (`reapply_erasures`).
"""

import hashlib
import hmac

import sqlalchemy as sa
from flask import current_app

from office.core import audit, cache
from office.core.clock import utcnow
from office.core.db import UTCDateTime
from office.core.registry import PERSONAL_DATA
from office.core.rules import normalise_email
from office.extensions import db


class ErasureRecord(db.Model):
    """That someone was erased, and when: a keyed hash, so the ledger holds no personal data."""

    __tablename__ = "erasure_ledger"
    id = db.Column(db.Integer, primary_key=True)
    subject_hash = db.Column(db.String(64), nullable=False, unique=True)
    erased_at = db.Column(UTCDateTime(), nullable=False)
    #: records changed per module, e.g. {"courses": 3}
    counts = db.Column(db.JSON, nullable=False, default=dict)


def subject_hash(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def export_everywhere(email: str, actor=None) -> dict:
    """Everything every module stores about the person with this address (audited)."""
    email = normalise_email(email)
    exported = {name: handler.export(email) for name, handler in sorted(PERSONAL_DATA.items())}
    audit.record(
        "privacy.exported",
        None,
        actor,
        modules=sorted(k for k, v in exported.items() if any(v.values())),
    )
    return exported


def erasure_consequences(email: str) -> list[str]:
    """What erasing the person would do beyond deleting, said by each module that knows."""
    email = normalise_email(email)
    handlers = sorted(PERSONAL_DATA.values(), key=lambda h: (h.order, h.name))
    return [text for h in handlers if h.consequences for text in h.consequences(email)]


def erase_everywhere(email: str, actor=None) -> dict:
    """Erase (or anonymise) the person in every module and record it in the ledger; no commit."""
    email = normalise_email(email)
    handlers = sorted(PERSONAL_DATA.values(), key=lambda h: (h.order, h.name))
    counts = {handler.name: handler.erase(email) for handler in handlers}
    digest = subject_hash(email)
    record = db.session.scalar(sa.select(ErasureRecord).where(ErasureRecord.subject_hash == digest))
    if record is None:
        record = ErasureRecord(subject_hash=digest, erased_at=utcnow(), counts=counts)
        db.session.add(record)
    else:
        record.erased_at = utcnow()
        record.counts = counts
    audit.record(
        "privacy.erased",
        record,
        actor,
        count=sum(counts.values()),
        modules=sorted(k for k, v in counts.items() if v),
    )
    cache.clear()  # rendered lists of this server that may show the person
    return counts


def email_columns() -> list[sa.Column]:
    """Every column of the schema that holds an email address (by name)."""
    return [
        column
        for table in db.metadata.sorted_tables
        for column in table.columns
        if "email" in column.name and isinstance(column.type, sa.String)
    ]


def reapply_erasures(ledger: list[tuple[str, object, dict]] | None = None) -> int:
    """After a restore: erase again everyone in the ledger whose address is back in the data.

    `ledger` is the ledger as it was before the restore (the restored one may be older);
    it is written back so that the ledger never shrinks.
    """
    if ledger is not None:
        known = set(db.session.scalars(sa.select(ErasureRecord.subject_hash)))
        for digest, erased_at, counts in ledger:
            if digest not in known:
                db.session.add(
                    ErasureRecord(subject_hash=digest, erased_at=erased_at, counts=counts)
                )
        db.session.flush()
    wanted = set(db.session.scalars(sa.select(ErasureRecord.subject_hash)))
    found: set[str] = set()
    for column in email_columns():
        for value in db.session.scalars(sa.select(column).where(column.isnot(None)).distinct()):
            if value and subject_hash(value) in wanted:
                found.add(normalise_email(value))
    for email in sorted(found):
        erase_everywhere(email)
    return len(found)


def read_ledger() -> list[tuple[str, object, dict]]:
    """The current ledger; empty for a database without tables (restoring into a new one)."""
    if not sa.inspect(db.engine).has_table(ErasureRecord.__tablename__):
        return []
    return [
        (r.subject_hash, r.erased_at, r.counts)
        for r in db.session.scalars(sa.select(ErasureRecord).order_by(ErasureRecord.id))
    ]
