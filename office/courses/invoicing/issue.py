"""Issuing the invoices of a run: one invoice per buyer, one line per billable registration."""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.clock import local_date
from office.core.db import for_update
from office.core.errors import DomainError
from office.courses import rules
from office.courses.documents import billable
from office.courses.invoicing.models import Invoice, InvoiceLine, InvoiceSyntax
from office.courses.invoicing.numbers import next_number
from office.courses.models import CourseRun, Registration, RegistrationStatus
from office.courses.queries import run_row
from office.extensions import db

SYNTAX = {"leitweg": InvoiceSyntax.XRECHNUNG, "gln": InvoiceSyntax.PEPPOL}
#: what an invoice needs from a registration, besides a valid Leitweg-ID or GLN
REQUIRED = ("organisation", "billing_postcode", "billing_city", "billing_country")


def _uninvoiced(run: CourseRun) -> list[Registration]:
    invoiced = set(db.session.scalars(sa.select(InvoiceLine.registration_id)))
    return [r for r in billable(run_ids=[run.id]) if r.id not in invoiced]


def can_be_invoiced(registration: Registration) -> bool:
    """A buyer with an electronic address and a postal address can be sent an e-invoice."""
    has_address = all(getattr(registration, name) for name in REQUIRED)
    return has_address and rules.routing_scheme(registration.routing_id) is not None


def pending(run: CourseRun) -> tuple[dict[tuple, list[Registration]], list[Registration]]:
    """Billable registrations not yet invoiced: by buyer, and those whose buyer data is missing."""
    groups: dict[tuple, list[Registration]] = defaultdict(list)
    incomplete = []
    for registration in _uninvoiced(run):
        if can_be_invoiced(registration):
            groups[_buyer(registration)].append(registration)
        else:
            incomplete.append(registration)
    return dict(groups), incomplete


def _buyer(r: Registration) -> tuple:
    return (
        r.organisation,
        r.department,
        r.routing_id,
        r.billing_reference,
        r.billing_street,
        r.billing_postcode,
        r.billing_city,
        r.billing_country,
        r.currency,
        r.vat_rate,
    )


def _invoice(buyer: tuple, run: CourseRun, actor, now: datetime) -> Invoice:
    (
        name,
        department,
        routing_id,
        reference,
        street,
        postcode,
        city,
        country,
        currency,
        vat_rate,
    ) = buyer
    issue_date = local_date(now)
    return Invoice(
        number=next_number(issue_date.year),
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=current_app.config["OFFICE_PAYMENT_DAYS"]),
        run_id=run.id,
        syntax=SYNTAX[rules.routing_scheme(routing_id)],
        issued_by_id=getattr(actor, "id", None),
        buyer_name=name,
        buyer_department=department,
        routing_id=routing_id,
        billing_reference=reference,
        billing_street=street,
        billing_postcode=postcode,
        billing_city=city,
        billing_country=country,
        currency=currency,
        vat_rate=vat_rate,
    )


def _line(registration: Registration, run: CourseRun) -> InvoiceLine:
    late = registration.status == RegistrationStatus.CANCELLED
    return InvoiceLine(
        registration_id=registration.id,
        participant_name=registration.name,
        late_cancellation=late,
        days=0 if late else run.day_count,
        amount=registration.billed,
    )


def issue_invoices(run: CourseRun, actor, now: datetime) -> list[Invoice]:
    """Invoice every billable registration of the run not invoiced yet, one invoice per buyer.

    Numbers are taken in this transaction (gap-free); a registration is invoiced once.
    """
    run = db.session.scalars(for_update(run_row(run.id))).one()
    groups, _incomplete = pending(run)
    if not groups:
        raise DomainError(_l("There is nothing to invoice for this course start."))
    invoices = []
    for buyer, registrations in sorted(groups.items(), key=lambda item: str(item[0])):
        invoice = _invoice(buyer, run, actor, now)
        invoice.lines = [_line(r, run) for r in registrations]
        db.session.add(invoice)
        db.session.flush()
        record("courses.invoice_issued", invoice, actor, now=now, number=invoice.number)
        invoices.append(invoice)
    return invoices


def invoices_of(run: CourseRun) -> list[Invoice]:
    return db.session.scalars(
        sa.select(Invoice).where(Invoice.run_id == run.id).order_by(Invoice.number)
    ).all()
