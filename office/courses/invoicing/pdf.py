"""A readable PDF of an issued invoice: the same numbers and lines as its e-invoice."""

from flask import current_app
from flask_babel import gettext as _

from office.core.documents import OfficeDocument as Document
from office.core.i18n import format_percent, formatted, money
from office.courses.invoicing.models import Invoice
from office.courses.invoicing.ubl import line_text


def _seller_lines() -> list[str]:
    config = current_app.config
    return [
        config["OFFICE_NAME"],
        config["OFFICE_SELLER_STREET"],
        f"{config['OFFICE_SELLER_POSTCODE']} {config['OFFICE_SELLER_CITY']}",
        f"{_('VAT ID')}: {config['OFFICE_SELLER_VAT_ID']}",
    ]


def _buyer_lines(invoice: Invoice) -> list[str]:
    lines = [invoice.buyer_name, invoice.buyer_department, invoice.billing_street]
    lines.append(f"{invoice.billing_postcode} {invoice.billing_city} ({invoice.billing_country})")
    lines.append(f"{_('Leitweg-ID or EAN (GLN)')}: {invoice.routing_id}")
    if invoice.billing_reference:
        lines.append(f"{_('Billing reference')}: {invoice.billing_reference}")
    return [line for line in lines if line.strip()]


def _facts(pdf: Document, invoice: Invoice) -> None:
    pdf.para(f"{_('Invoice number')}: {invoice.number}", 11, "B")
    pdf.para(f"{_('Invoice date')}: {formatted('date', invoice.issue_date, 'long')}")
    pdf.para(f"{_('Due date')}: {formatted('date', invoice.due_date, 'long')}")


def _lines(pdf: Document, invoice: Invoice) -> None:
    for line in invoice.lines:
        item, participant = line_text(invoice, line)
        pdf.para(f"{item} – {participant}", 10)
        pdf.para(money(line.amount, invoice.currency), 10, "B")


def _totals(pdf: Document, invoice: Invoice) -> None:
    rate = format_percent(invoice.vat_rate)
    pdf.para(f"{_('Amount excl. VAT')}: {money(invoice.net, invoice.currency)}")
    pdf.para(f"{_('VAT')} ({rate}): {money(invoice.vat, invoice.currency)}")
    pdf.para(f"{_('Total')}: {money(invoice.total, invoice.currency)}", 12, "B")


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice for people: seller, buyer, number, dates, lines, VAT, total, payment."""
    config = current_app.config
    pdf = Document(_("Invoice") + f" {invoice.number}")
    pdf.add_page()
    for line in _seller_lines():
        pdf.para(line, 9)
    pdf.ln(6)
    for line in _buyer_lines(invoice):
        pdf.para(line, 11)
    pdf.ln(6)
    pdf.heading(_("Invoice") + f" {invoice.number}")
    _facts(pdf, invoice)
    pdf.ln(4)
    _lines(pdf, invoice)
    pdf.ln(4)
    _totals(pdf, invoice)
    pdf.ln(4)
    pdf.para(f"IBAN {config['OFFICE_SELLER_IBAN']}, BIC {config['OFFICE_SELLER_BIC']}", 10)
    days = config["OFFICE_PAYMENT_DAYS"]
    pdf.para(_("Payable within %(n)d days without deduction.", n=days), 10)
    return pdf.to_bytes()
