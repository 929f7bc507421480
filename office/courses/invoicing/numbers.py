"""Gap-free invoice numbers: one row per year, locked while the next number is taken.

The number is taken in the transaction that stores the invoice, so a rolled-back invoice gives
its number back (no gap), and the row lock (PostgreSQL; SQLite's single writer) lets no two
invoices take the same number. The unique constraint on the number is the second net.
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from office.core.db import for_update
from office.courses.invoicing.models import InvoiceSequence
from office.extensions import db


def _sequence_row(year: int) -> InvoiceSequence:
    row = db.session.scalars(
        for_update(
            sa.select(InvoiceSequence).where(InvoiceSequence.year == year)
        ).execution_options(populate_existing=True)
    ).first()
    if row is not None:
        return row
    try:
        with db.session.begin_nested():  # the first invoice of a year creates the row
            db.session.add(InvoiceSequence(year=year, last_number=0))
    except IntegrityError:
        pass  # another transaction created it first; lock theirs
    return _sequence_row(year)


def next_number(year: int) -> str:
    """The next invoice number of the year ("2026-00017"), held until commit."""
    row = _sequence_row(year)
    row.last_number += 1
    db.session.flush()
    return f"{year}-{row.last_number:05d}"
