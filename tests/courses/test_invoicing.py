"""E-invoices of a run: one per buyer, XRechnung for a Leitweg-ID and Peppol BIS for a GLN, each
valid against the UBL 2.1 schema and the official Schematron rules; gap-free numbers, also when
several staff issue invoices at the same moment (both databases)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from office.config import SELLER_DEFAULTS
from office.core.clock import local_now, utcnow
from office.core.db import write_intent
from office.core.errors import DomainError
from office.courses.invoicing import issue, pdf, ubl
from office.courses.invoicing.models import Invoice, InvoiceLine
from office.courses.models import CourseRun
from office.courses.services import booking
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory

GERMAN = dict(
    organisation="Stadt Kiel", department="Amt für Bürgerbeteiligung",
    routing_id="991-33333TEST-33", billing_reference="K-4711", billing_street="Fleethörn 9",
    billing_postcode="24103", billing_city="Kiel", billing_country="DE",
)  # fmt: skip
DANISH = dict(
    organisation="Aarhus Kommune", department="Borgerservice", routing_id="5798000020016",
    billing_reference="Jens Jensen", billing_street="Rådhuspladsen 2", billing_postcode="8000",
    billing_city="Aarhus C", billing_country="DK",
)  # fmt: skip


def _held_run(**course):
    run = RunFactory(course=CourseFactory(**course), decision="confirmed")
    price = run.price_excl_vat
    RegistrationFactory(run=run, seat_number=1, name="Anke Kiel", price=price, **GERMAN)
    RegistrationFactory(run=run, seat_number=2, name="Bo Kiel", price=price, **GERMAN)
    RegistrationFactory(run=run, seat_number=3, name="Jens Jensen", price=price, **DANISH)
    return run


@pytest.fixture(params=["EUR", "DKK"])
def seller(request, app):
    """The office as a German (EUR) or a Danish (DKK) seller."""
    saved = {k: v for k, v in app.config.items() if k.startswith("OFFICE_SELLER_")}
    app.config.update({f"OFFICE_SELLER_{k}": v for k, v in SELLER_DEFAULTS[request.param].items()})
    yield request.param
    app.config.update(saved)


def test_a_run_is_invoiced_per_buyer_in_the_buyers_format_and_every_document_is_valid(
    db, seller, einvoice_validator
):
    run = _held_run(duration_days=2, price_basis="day", price=Decimal("400.00"))
    invoices = issue.issue_invoices(run, None, utcnow())
    by_syntax = {str(i.syntax): i for i in invoices}
    assert set(by_syntax) == {"xrechnung", "peppol"}
    german, danish = by_syntax["xrechnung"], by_syntax["peppol"]
    assert [line.participant_name for line in german.lines] == ["Anke Kiel", "Bo Kiel"]
    assert german.net == Decimal("1600.00") and german.vat == Decimal("304.00")  # 2 x 2 days
    for invoice in invoices:
        xml = ubl.invoice_xml(invoice)
        assert einvoice_validator.errors(xml, str(invoice.syntax)) == [], invoice.syntax
        assert pdf.invoice_pdf(invoice).startswith(b"%PDF")
    assert b"<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>" in ubl.invoice_xml(german)
    assert b'schemeID="0088">5798000020016<' in ubl.invoice_xml(danish)


@pytest.mark.parametrize(
    ("breakage", "rule"),
    [
        (lambda x: x.replace(b"<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>", b""), "BR-DE-15"),  # noqa: E501
        (lambda x: x.replace(b"<cbc:PayableAmount currencyID=\"EUR\">", b"<cbc:PayableAmount currencyID=\"EUR\">1"), "BR-CO-16"),  # noqa: E501
        (lambda x: x.replace(b"<cbc:IssueDate>", b"<cbc:IssueDat>").replace(b"</cbc:IssueDate>", b"</cbc:IssueDat>"), "XSD"),  # noqa: E501
    ],
)
def test_the_validator_refuses_a_broken_invoice(db, einvoice_validator, breakage, rule):
    """Negative control: the validation would notice a wrong document."""
    run = _held_run()
    german = next(i for i in issue.issue_invoices(run, None, utcnow()) if i.syntax == "xrechnung")
    errors = einvoice_validator.errors(breakage(ubl.invoice_xml(german)), "xrechnung")
    assert any(rule in e for e in errors), errors


def test_late_cancellation_fee_is_invoiced_and_a_registration_only_once(db, einvoice_validator):
    run = _held_run(cancellation_fee_percent=50)
    run.decision = None
    run.first_day = run.last_day = local_now().date() + timedelta(days=3)
    run.days = [run.first_day]
    db.session.flush()
    anke = run.registrations[0]
    booking.cancel_registration(anke, utcnow())
    assert anke.cancellation_fee == Decimal("200.00")
    run.decision = "confirmed"
    db.session.flush()
    first = issue.issue_invoices(run, None, utcnow())
    german = next(i for i in first if i.syntax == "xrechnung")
    assert [(line.participant_name, line.amount, line.late_cancellation) for line in german.lines] == [
        ("Anke Kiel", Decimal("200.00"), True), ("Bo Kiel", Decimal("400.00"), False),
    ]  # fmt: skip
    assert einvoice_validator.errors(ubl.invoice_xml(german), "xrechnung") == []
    with pytest.raises(DomainError):
        issue.issue_invoices(run, None, utcnow())  # nothing left to invoice
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InvoiceLine)) == 3


def test_a_buyer_without_routing_id_or_address_waits_for_a_correction(db):
    run = RunFactory(decision="confirmed")
    RegistrationFactory(run=run, seat_number=1, **{**GERMAN, "billing_city": ""})
    groups, incomplete = issue.pending(run)
    assert groups == {} and len(incomplete) == 1


def test_invoice_numbers_are_gap_free_and_a_rolled_back_invoice_gives_its_number_back(db):
    year = local_now().year
    first = issue.issue_invoices(_held_run(), None, utcnow())
    failing, later = _held_run(), _held_run()
    with pytest.raises(RuntimeError), db.session.begin_nested():
        issue.issue_invoices(failing, None, utcnow())
        raise RuntimeError("the transaction fails after the numbers were taken")
    db.session.expire_all()
    second = issue.issue_invoices(later, None, utcnow())
    numbers = [i.number for i in first + second]
    assert numbers == [f"{year}-{n:05d}" for n in range(1, 5)]


def _issue_in_thread(app, run_id, results, barrier):
    with app.app_context(), write_intent():
        from office.extensions import db

        barrier.wait()
        try:
            run = db.session.get(CourseRun, run_id)
            invoices = issue.issue_invoices(run, None, utcnow())
            db.session.commit()
            results.extend(i.number for i in invoices)
        finally:
            db.session.remove()


@pytest.mark.concurrency
def test_staff_issuing_invoices_at_the_same_moment_get_distinct_consecutive_numbers(
    app, committed_db
):
    db = committed_db
    runs = [_held_run() for _ in range(8)]
    db.session.commit()
    run_ids = [r.id for r in runs]
    results: list[str] = []
    barrier = threading.Barrier(len(run_ids))
    threads = [
        threading.Thread(target=_issue_in_thread, args=(app, run_id, results, barrier))
        for run_id in run_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    year = local_now().year
    assert sorted(results) == [f"{year}-{n:05d}" for n in range(1, 17)]  # 2 buyers x 8 runs
    db.session.rollback()
    stored = db.session.scalars(sa.select(Invoice.number).order_by(Invoice.number)).all()
    assert stored == sorted(results)
