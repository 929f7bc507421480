"""An issued invoice as an EN 16931 UBL 2.1 invoice: XRechnung 3.0 (German public buyers,
Leitweg-ID as buyer reference and electronic address) or Peppol BIS Billing 3.0 (Danish
public buyers, GLN as electronic address).

Sources: EN 16931-1:2017 and its UBL syntax binding (CEN/TS 16931-3-2); KoSIT, "XRechnung
Spezifikation" 3.0; OpenPeppol, "Peppol BIS Billing 3.0". The test suite validates every
document against the UBL 2.1 schema and the official Schematron rules.
"""

from decimal import Decimal
from xml.etree import ElementTree as ET  # noqa: S405 - we write XML, we do not parse it

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from office.courses.invoicing.models import Invoice, InvoiceLine, InvoiceSyntax

INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ET.register_namespace("", INVOICE)
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)

CUSTOMIZATION = {
    InvoiceSyntax.XRECHNUNG: "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    InvoiceSyntax.PEPPOL: "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
}  # fmt: skip
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
#: electronic address schemes (EAS): Leitweg-ID, GLN, Danish CVR, German VAT ID, email
LEITWEG, GLN, DK_CVR, DE_VAT, EMAIL = "0204", "0088", "0184", "9930", "EM"
#: UNTDID 4461: SEPA credit transfer
SEPA_CREDIT_TRANSFER = "58"


def _el(parent: ET.Element, ns: str, tag: str, text=None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def cbc(parent, tag, text=None, **attrs):
    return _el(parent, CBC, tag, text, **attrs)


def cac(parent, tag):
    return _el(parent, CAC, tag)


def _money(parent, tag, amount: Decimal, currency: str):
    return cbc(parent, tag, f"{Decimal(amount):.2f}", currencyID=currency)


def _config(key: str) -> str:
    return current_app.config[f"OFFICE_SELLER_{key}"]


def _address(party, street: str, postcode: str, city: str, country: str) -> None:
    address = cac(party, "PostalAddress")
    if street:
        cbc(address, "StreetName", street)
    cbc(address, "CityName", city)
    cbc(address, "PostalZone", postcode)
    cbc(cac(address, "Country"), "IdentificationCode", country)


def _tax_scheme(parent) -> None:
    cbc(cac(parent, "TaxScheme"), "ID", "VAT")


def _seller_endpoint(party) -> None:
    """The office's own electronic address: its CVR number (Denmark), VAT ID (Germany)."""
    if _config("COUNTRY") == "DK":
        cbc(party, "EndpointID", _config("VAT_ID")[2:], schemeID=DK_CVR)
    elif _config("COUNTRY") == "DE":
        cbc(party, "EndpointID", _config("VAT_ID"), schemeID=DE_VAT)
    else:
        cbc(party, "EndpointID", _config("EMAIL"), schemeID=EMAIL)


def _seller(root) -> None:
    party = cac(cac(root, "AccountingSupplierParty"), "Party")
    name = current_app.config["OFFICE_NAME"]
    _seller_endpoint(party)
    cbc(cac(party, "PartyName"), "Name", name)
    _address(party, _config("STREET"), _config("POSTCODE"), _config("CITY"), _config("COUNTRY"))
    tax = cac(party, "PartyTaxScheme")
    cbc(tax, "CompanyID", _config("VAT_ID"))
    _tax_scheme(tax)
    _seller_legal_entity(party, name)
    _seller_contact(party, name)


def _seller_legal_entity(party, name: str) -> None:
    legal = cac(party, "PartyLegalEntity")
    cbc(legal, "RegistrationName", name)
    if _config("COUNTRY") == "DK":
        cbc(legal, "CompanyID", _config("VAT_ID")[2:], schemeID=DK_CVR)


def _seller_contact(party, name: str) -> None:
    contact = cac(party, "Contact")
    cbc(contact, "Name", name)
    cbc(contact, "Telephone", _config("PHONE"))
    cbc(contact, "ElectronicMail", _config("EMAIL"))


def _buyer(root, invoice: Invoice) -> None:
    party = cac(cac(root, "AccountingCustomerParty"), "Party")
    scheme = LEITWEG if invoice.syntax == InvoiceSyntax.XRECHNUNG else GLN
    cbc(party, "EndpointID", invoice.routing_id, schemeID=scheme)
    name = invoice.buyer_name
    cbc(cac(party, "PartyName"), "Name", name)
    _address(
        party, invoice.billing_street, invoice.billing_postcode, invoice.billing_city,
        invoice.billing_country,
    )  # fmt: skip
    cbc(cac(party, "PartyLegalEntity"), "RegistrationName", name)
    if invoice.buyer_department:
        cbc(cac(party, "Contact"), "Name", invoice.buyer_department)


def _payment(root, invoice: Invoice) -> None:
    means = cac(root, "PaymentMeans")
    cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER)
    cbc(means, "PaymentID", invoice.number)
    _payee_account(means)
    _payment_terms(root)


def _payee_account(means) -> None:
    account = cac(means, "PayeeFinancialAccount")
    cbc(account, "ID", _config("IBAN"))
    cbc(account, "Name", current_app.config["OFFICE_NAME"])
    cbc(cac(account, "FinancialInstitutionBranch"), "ID", _config("BIC"))


def _payment_terms(root) -> None:
    days = current_app.config["OFFICE_PAYMENT_DAYS"]
    cbc(
        cac(root, "PaymentTerms"), "Note", _("Payable within %(n)d days without deduction.", n=days)
    )


def _category(parent, tag: str, rate: Decimal) -> None:
    category = cac(parent, tag)
    cbc(category, "ID", "S")
    cbc(category, "Percent", f"{Decimal(rate) * 100:.2f}")
    _tax_scheme(category)


def _totals(root, invoice: Invoice) -> None:
    currency = invoice.currency
    tax = cac(root, "TaxTotal")
    _money(tax, "TaxAmount", invoice.vat, currency)
    subtotal = cac(tax, "TaxSubtotal")
    _money(subtotal, "TaxableAmount", invoice.net, currency)
    _money(subtotal, "TaxAmount", invoice.vat, currency)
    _category(subtotal, "TaxCategory", invoice.vat_rate)
    total = cac(root, "LegalMonetaryTotal")
    for tag, amount in (
        ("LineExtensionAmount", invoice.net), ("TaxExclusiveAmount", invoice.net),
        ("TaxInclusiveAmount", invoice.total), ("PayableAmount", invoice.total),
    ):  # fmt: skip
        _money(total, tag, amount, currency)


def line_text(invoice: Invoice, line: InvoiceLine) -> tuple[str, str]:
    """What a line says: the item and who it is for."""
    run = invoice.run
    item = f"{run.course.title} ({', '.join(d.isoformat() for d in run.days)})"
    if line.late_cancellation:
        item = _("Cancellation fee") + ": " + item
    return item, _("Participant") + ": " + line.participant_name


def _line(root, invoice: Invoice, number: int, line: InvoiceLine) -> None:
    element = cac(root, "InvoiceLine")
    cbc(element, "ID", number)
    cbc(element, "InvoicedQuantity", "1", unitCode="C62")
    _money(element, "LineExtensionAmount", line.amount, invoice.currency)
    name, description = line_text(invoice, line)
    item = cac(element, "Item")
    cbc(item, "Description", description)
    cbc(item, "Name", name)
    _category(item, "ClassifiedTaxCategory", invoice.vat_rate)
    _money(cac(element, "Price"), "PriceAmount", line.amount, invoice.currency)


def _header(root, invoice: Invoice) -> None:
    cbc(root, "CustomizationID", CUSTOMIZATION[invoice.syntax])
    cbc(root, "ProfileID", PROFILE)
    cbc(root, "ID", invoice.number)
    cbc(root, "IssueDate", invoice.issue_date.isoformat())
    cbc(root, "DueDate", invoice.due_date.isoformat())
    cbc(root, "InvoiceTypeCode", "380")
    cbc(root, "DocumentCurrencyCode", invoice.currency)
    reference = invoice.billing_reference
    if invoice.syntax == InvoiceSyntax.XRECHNUNG:
        reference = invoice.routing_id  # BR-DE-15: the Leitweg-ID is the buyer reference
    cbc(root, "BuyerReference", reference or invoice.number)
    if invoice.billing_reference:
        cbc(cac(root, "OrderReference"), "ID", invoice.billing_reference)


def invoice_xml(invoice: Invoice, locale: str | None = None) -> bytes:
    """The e-invoice as UTF-8 XML, its texts in `locale` (the office's language by default)."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        root = ET.Element(f"{{{INVOICE}}}Invoice")
        _header(root, invoice)
        _seller(root)
        _buyer(root, invoice)
        _payment(root, invoice)
        _totals(root, invoice)
        for number, line in enumerate(invoice.lines, start=1):
            _line(root, invoice, number, line)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def filename(invoice: Invoice) -> str:
    kind = "xrechnung" if invoice.syntax == InvoiceSyntax.XRECHNUNG else "peppol-bis"
    return f"invoice-{invoice.number}-{kind}.xml"
