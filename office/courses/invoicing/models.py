"""Issued invoices: never changed once issued; numbers gap-free per year, never reused."""

import enum
from decimal import Decimal

from office.core.db import EnumText, TimestampMixin
from office.courses import rules
from office.extensions import db


class InvoiceSyntax(enum.StrEnum):
    """The e-invoice a buyer's electronic address asks for."""

    XRECHNUNG = "xrechnung"
    PEPPOL = "peppol"


class InvoiceSequence(db.Model):
    """The last invoice number given per year: locked while a number is taken (gap-free)."""

    __tablename__ = "course_invoice_sequences"
    year = db.Column(db.Integer, primary_key=True, autoincrement=False)
    last_number = db.Column(db.Integer, nullable=False, default=0)


class Invoice(TimestampMixin, db.Model):
    """An issued invoice to one buyer for the seats of one run; never changed once issued."""

    __tablename__ = "course_invoices"
    id = db.Column(db.Integer, primary_key=True)
    #: "2026-00017": gap-free per year, never reused
    number = db.Column(db.String(20), nullable=False, unique=True)
    issue_date = db.Column(db.Date, nullable=False)
    due_date = db.Column(db.Date, nullable=False)
    run_id = db.Column(db.Integer, db.ForeignKey("course_runs.id"), nullable=False, index=True)
    syntax = db.Column(EnumText(InvoiceSyntax, 12), nullable=False)
    issued_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    #: the buyer as registered (after corrections) when the invoice was issued
    buyer_name = db.Column(db.String(200), nullable=False)
    buyer_department = db.Column(db.String(200), nullable=False, default="")
    routing_id = db.Column(db.String(50), nullable=False)
    billing_reference = db.Column(db.String(100), nullable=False, default="")
    billing_street = db.Column(db.String(200), nullable=False, default="")
    billing_postcode = db.Column(db.String(20), nullable=False)
    billing_city = db.Column(db.String(100), nullable=False)
    billing_country = db.Column(db.String(2), nullable=False)
    currency = db.Column(db.String(3), nullable=False)
    vat_rate = db.Column(db.Numeric(5, 4), nullable=False)
    run = db.relationship("CourseRun")
    lines = db.relationship("InvoiceLine", order_by="InvoiceLine.id", lazy="selectin")

    @property
    def net(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def vat(self) -> Decimal:
        return rules.vat_amount(self.net, self.vat_rate)

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


class InvoiceLine(db.Model):
    """One participant's seat (or late cancellation fee) on an invoice; a registration once."""

    __tablename__ = "course_invoice_lines"
    id = db.Column(db.Integer, primary_key=True)
    invoice_id = db.Column(
        db.Integer, db.ForeignKey("course_invoices.id"), nullable=False, index=True
    )
    registration_id = db.Column(
        db.Integer, db.ForeignKey("course_registrations.id"), nullable=False, unique=True
    )
    participant_name = db.Column(db.String(200), nullable=False)
    late_cancellation = db.Column(db.Boolean, nullable=False, default=False)
    days = db.Column(db.Integer, nullable=False)
    #: excl. VAT
    amount = db.Column(db.Numeric(10, 2), nullable=False)
