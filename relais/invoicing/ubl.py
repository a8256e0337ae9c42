"""Issued invoices and credit notes as Peppol BIS Billing 3.0 documents (UBL 2.1).

Public bodies in Brussels must receive structured e-invoices (DESIGN.md, VAT):
``invoice_xml`` writes an issued document as a UBL 2.1 ``Invoice`` (type 380)
or ``CreditNote`` (type 381) that satisfies the UBL schema, EN 16931 and the
Peppol BIS 3.0 rules. It only reads what the document copied at issue time,
so its XML never changes with a later edit of a tariff or an institution.

One function per UBL block, in the order the schema demands (UBL is a
sequence: an element out of place makes the whole document invalid). Every
element is built through ``_cbc``/``_cac``, which leave out what would be
empty: Peppol refuses empty elements (PEPPOL-EN16931-R008).
"""

from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from lxml import etree
from lxml.builder import ElementMaker
from stdnum.be import vat as be_enterprise

from .models import NEEDS_EXEMPTION_REASON, Invoice, InvoiceLine, VatCategory
from .payment import structured_communication

CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOT_NS = {
    Invoice.Kind.INVOICE: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    Invoice.Kind.CREDIT_NOTE: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CBC = ElementMaker(namespace=CBC_NS, nsmap={"cbc": CBC_NS})
CAC = ElementMaker(namespace=CAC_NS, nsmap={"cac": CAC_NS})

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE = "380"  # commercial invoice (UNCL 1001)
CREDIT_NOTE_TYPE = "381"  # credit note: its amounts are positive, the type says they are owed back
BELGIAN_ENTERPRISE = "0208"  # ISO 6523 ICD of the Belgian enterprise number (KBO/BCE)
SEPA_CREDIT_TRANSFER = "58"  # UNCL 4461: a transfer in euro to an IBAN
# EN 16931 sets no length to the buyer reference, but the receiving side matches
# it against its own references (an order, a department): keep it short.
BUYER_REFERENCE_MAX = 100
# The VATEX code of the categories that have one meaning only (CEF VATEX list).
# An exemption (E) has many legal grounds: its text says which one.
VATEX = {VatCategory.REVERSE_CHARGE: "VATEX-EU-AE", VatCategory.NOT_SUBJECT: "VATEX-EU-O"}


def invoice_xml(invoice: Invoice) -> bytes:
    """The document as Peppol BIS Billing 3.0 UBL 2.1, UTF-8 encoded."""
    credit = invoice.is_credit_note
    root_name = "CreditNote" if credit else "Invoice"
    lines = list(invoice.lines.order_by("position"))
    subtotals = list(invoice.vat_subtotals.order_by("vat_category", "vat_rate"))
    with translation.override(invoice.language):
        blocks = [
            *_header(invoice, lines),
            _supplier_party(invoice, subtotals),
            _customer_party(invoice, subtotals),
            _payment_means(invoice),
            _payment_terms(invoice),
            _tax_total(invoice, subtotals),
            _monetary_total(invoice),
            *(_line(invoice, line) for line in lines),
        ]
    root = etree.Element(
        f"{{{ROOT_NS[invoice.kind]}}}{root_name}",
        nsmap={None: ROOT_NS[invoice.kind], "cac": CAC_NS, "cbc": CBC_NS},
    )
    root.extend(block for block in blocks if block is not None)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- Building blocks ---------------------------------------------------------------


def _cbc(name: str, value, **attributes):
    """A basic element, or None when it would be empty."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    return CBC(name, text, **attributes)


def _cac(name: str, *children):
    """An aggregate of the children that are there, or None when none is."""
    present = [child for child in children if child is not None]
    return CAC(name, *present) if present else None


def _amount(name: str, value: Decimal, invoice: Invoice):
    # Every amount in the document's currency (PEPPOL-EN16931-R051), with two decimals.
    return CBC(name, f"{Decimal(value):.2f}", currencyID=invoice.currency)


def _quantity(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "") else text


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _enterprise_number(value: str) -> str:
    # Peppol checks the Belgian number as ten digits with their check digits
    # (PEPPOL-COMMON-R043): no dots, no spaces, no country prefix.
    return be_enterprise.compact(value) if value else ""


def _vat_identifier(value: str, country: str) -> str:
    # A VAT identifier starts with its country code (BR-CO-09).
    value = value.replace(" ", "").replace(".", "").upper()
    if value and not value[:2].isalpha():
        value = f"{country}{value}"
    return value


def _display_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# -- Header ------------------------------------------------------------------------


def _header(invoice: Invoice, lines: list[InvoiceLine]) -> list:
    credit = invoice.is_credit_note
    return [
        _cbc("CustomizationID", CUSTOMIZATION_ID),
        _cbc("ProfileID", PROFILE_ID),
        _cbc("ID", invoice.number),
        _cbc("IssueDate", _date(invoice.issue_date)),
        # UBL 2.1 has no due date on a credit note, and nothing is due on it.
        None if credit else _cbc("DueDate", _date(invoice.due_date)),
        _cbc("CreditNoteTypeCode" if credit else "InvoiceTypeCode", _type_code(invoice)),
        # At most one note (PEPPOL-EN16931-R002): a credit note's says why it was issued.
        _cbc("Note", invoice.reason) if credit else None,
        _cbc("DocumentCurrencyCode", invoice.currency),
        _cbc("BuyerReference", buyer_reference(invoice, lines)),
        _invoice_period(invoice, lines),
        _billing_reference(invoice),
    ]


def _type_code(invoice: Invoice) -> str:
    return CREDIT_NOTE_TYPE if invoice.is_credit_note else INVOICE_TYPE


def billing_codes(lines) -> list[str]:
    """The billing codes of the lines, each once, in the order of the lines.

    A line copies its code with its label ("CPAS-01 — Service social"); the
    buyer's systems know the code."""
    codes: list[str] = []
    for line in lines:
        code = line.billing_code.partition(" — ")[0].strip()
        if code and code not in codes:
            codes.append(code)
    return codes


def buyer_reference(invoice: Invoice, lines=None) -> str:
    """What the buyer routes the invoice by: its billing code(s).

    Peppol wants a buyer reference or an order reference on every document
    (PEPPOL-EN16931-R003). Several codes are joined, and cut with "…" past
    the limit (each line carries its own code, see ``_line``). A credit note
    for an amount has no code of its own: it takes its invoice's. No code at
    all: the buyer's name, which at least says whom it concerns."""
    lines = list(invoice.lines.order_by("position")) if lines is None else lines
    codes = billing_codes(lines)
    if not codes and invoice.corrects_id:
        codes = billing_codes(invoice.corrects.lines.order_by("position"))
    if not codes:
        return invoice.buyer_name[:BUYER_REFERENCE_MAX] or invoice.buyer_enterprise_number
    joined = ", ".join(codes)
    if len(joined) <= BUYER_REFERENCE_MAX:
        return joined
    kept: list[str] = []
    for code in codes:
        if len(", ".join([*kept, code, "…"])) > BUYER_REFERENCE_MAX:
            break
        kept.append(code)
    return ", ".join([*kept, "…"])


def _invoice_period(invoice: Invoice, lines: list[InvoiceLine]):
    # Each line's period must lie within the document's (PEPPOL-EN16931-R110/R111),
    # and a service validated late is billed on a later run with its own date:
    # the period is the run's, widened to the services it bills.
    days = [line.service_date for line in lines if line.service_date]
    start = min([invoice.period_start, *days])
    end = max([invoice.period_end, *days])
    return _cac("InvoicePeriod", _cbc("StartDate", _date(start)), _cbc("EndDate", _date(end)))


def _billing_reference(invoice: Invoice):
    # A credit note names the invoice it corrects (BT-25, BT-26).
    if not invoice.is_credit_note or invoice.corrects is None:
        return None
    corrected = invoice.corrects
    return _cac(
        "BillingReference",
        _cac(
            "InvoiceDocumentReference",
            _cbc("ID", corrected.number),
            _cbc("IssueDate", _date(corrected.issue_date)),
        ),
    )


# -- Parties -----------------------------------------------------------------------


def _charges_vat(subtotals) -> bool:
    # A document "not subject to VAT" (O) carries no VAT identifier at all (BR-O-02).
    return not any(subtotal.vat_category == VatCategory.NOT_SUBJECT for subtotal in subtotals)


def _party(
    *,
    endpoint: tuple[str, str],
    name: str,
    enterprise_number: str,
    vat_number: str,
    street: str,
    postcode: str,
    city: str,
    country: str,
    email: str,
):
    number = _enterprise_number(enterprise_number)
    scheme, address = endpoint
    return _cac(
        "Party",
        # Where Peppol delivers the document (BT-34, BT-49), with its scheme (BR-62, BR-63).
        _cbc("EndpointID", address, schemeID=scheme),
        _cac("PartyIdentification", _cbc("ID", number, schemeID=BELGIAN_ENTERPRISE)),
        _cac("PartyName", _cbc("Name", name)),
        _cac(
            "PostalAddress",
            _cbc("StreetName", street),
            _cbc("CityName", city),
            _cbc("PostalZone", postcode),
            # The country is the one part of the address EN 16931 requires (BR-09, BR-11).
            _cac("Country", _cbc("IdentificationCode", country or "BE")),
        ),
        _cac(
            "PartyTaxScheme",
            _cbc("CompanyID", _vat_identifier(vat_number, country or "BE")),
            _cac("TaxScheme", _cbc("ID", "VAT")),
        )
        if vat_number
        else None,
        _cac(
            "PartyLegalEntity",
            _cbc("RegistrationName", name),
            _cbc("CompanyID", number, schemeID=BELGIAN_ENTERPRISE),
        ),
        _cac("Contact", _cbc("ElectronicMail", email)),
    )


def _supplier_party(invoice: Invoice, subtotals):
    number = _enterprise_number(invoice.seller_enterprise_number)
    return _cac(
        "AccountingSupplierParty",
        _party(
            endpoint=(BELGIAN_ENTERPRISE, number),
            name=invoice.seller_name,
            enterprise_number=number,
            # Required with S, Z, E and AE lines (BR-S-02, BR-E-02 …), refused with O.
            vat_number=invoice.seller_vat_number if _charges_vat(subtotals) else "",
            street=invoice.seller_street,
            postcode=invoice.seller_postcode,
            city=invoice.seller_city,
            country=invoice.seller_country,
            email=invoice.seller_email,
        ),
    )


def buyer_endpoint(invoice: Invoice) -> tuple[str, str]:
    """(scheme, identifier) of the buyer on Peppol: its registered identifier
    ("0208:0123456789"), by default its enterprise number."""
    scheme, _sep, identifier = invoice.buyer_peppol_id.partition(":")
    if not identifier:
        return BELGIAN_ENTERPRISE, _enterprise_number(invoice.buyer_enterprise_number)
    if scheme == BELGIAN_ENTERPRISE:
        identifier = _enterprise_number(identifier)
    return scheme, identifier


def _customer_party(invoice: Invoice, subtotals):
    return _cac(
        "AccountingCustomerParty",
        _party(
            endpoint=buyer_endpoint(invoice),
            name=invoice.buyer_name,
            enterprise_number=invoice.buyer_enterprise_number,
            # Reverse charge needs it (BR-AE-02); "not subject to VAT" refuses it (BR-O-02).
            vat_number=invoice.buyer_vat_number if _charges_vat(subtotals) else "",
            street=invoice.buyer_street,
            postcode=invoice.buyer_postcode,
            city=invoice.buyer_city,
            country=invoice.buyer_country,
            email=invoice.buyer_email,
        ),
    )


# -- Payment -----------------------------------------------------------------------


def _payment_means(invoice: Invoice):
    """How to pay: a SEPA transfer to the service's IBAN with the structured
    communication, which the bank statement brings back (``payment``).

    A credit note is not paid: it is deducted from its invoice or refunded,
    to an account the service does not hold in its documents."""
    if invoice.is_credit_note:
        return None
    return _cac(
        "PaymentMeans",
        _cbc("PaymentMeansCode", SEPA_CREDIT_TRANSFER),
        _cbc("PaymentID", structured_communication(invoice)),
        # A transfer needs the account to pay to (BR-61).
        _cac(
            "PayeeFinancialAccount",
            _cbc("ID", invoice.seller_iban.replace(" ", "")),
            _cbc("Name", invoice.seller_name),
            _cac("FinancialInstitutionBranch", _cbc("ID", invoice.seller_bic)),
        ),
    )


def _payment_terms(invoice: Invoice):
    if invoice.is_credit_note:
        corrected = invoice.corrects
        note = _(
            "Corrects invoice %(number)s of %(date)s: deducted from what is due, "
            "or refunded if it is already paid."
        ) % {"number": corrected.number, "date": _display_date(corrected.issue_date)}
    else:
        note = _("Payable by %(date)s with the structured communication %(reference)s.") % {
            "date": _display_date(invoice.due_date),
            "reference": structured_communication(invoice),
        }
    return _cac("PaymentTerms", _cbc("Note", note))


# -- VAT and totals ----------------------------------------------------------------


def _tax_category(name: str, category: str, rate: Decimal, reason: str | None = None):
    """``TaxCategory`` of the breakdown (with the reason why no VAT, if any) or
    ``ClassifiedTaxCategory`` of a line (``reason`` None: a line has none)."""
    exempt = reason is not None and category in NEEDS_EXEMPTION_REASON
    return _cac(
        name,
        _cbc("ID", category),
        # Every category has a rate but "not subject to VAT", which has none (BR-48, BR-O-05).
        None if category == VatCategory.NOT_SUBJECT else _cbc("Percent", f"{Decimal(rate):.2f}"),
        # Why no VAT: required for E, AE and O (BR-E-10 …), refused for S and Z (BR-S-10, BR-Z-10).
        _cbc("TaxExemptionReasonCode", VATEX.get(category)) if exempt else None,
        _cbc("TaxExemptionReason", reason) if exempt else None,
        _cac("TaxScheme", _cbc("ID", "VAT")),
    )


def _tax_total(invoice: Invoice, subtotals):
    # One TaxTotal, one subtotal per category and rate, as stored at issue
    # (EN 16931: the VAT of a category is computed on its sum, then rounded).
    return _cac(
        "TaxTotal",
        _amount("TaxAmount", invoice.total_vat, invoice),
        *(
            _cac(
                "TaxSubtotal",
                _amount("TaxableAmount", subtotal.taxable_amount, invoice),
                _amount("TaxAmount", subtotal.vat_amount, invoice),
                _tax_category(
                    "TaxCategory",
                    subtotal.vat_category,
                    subtotal.vat_rate,
                    subtotal.exemption_reason or "",
                ),
            )
            for subtotal in subtotals
        ),
    )


def _monetary_total(invoice: Invoice):
    # No allowance, charge nor prepayment: the lines' sum is the total excluding VAT.
    return _cac(
        "LegalMonetaryTotal",
        _amount("LineExtensionAmount", invoice.total_excl_vat, invoice),
        _amount("TaxExclusiveAmount", invoice.total_excl_vat, invoice),
        _amount("TaxInclusiveAmount", invoice.total_incl_vat, invoice),
        _amount("PayableAmount", invoice.total_incl_vat, invoice),
    )


# -- Lines -------------------------------------------------------------------------


def _field_label(name: str) -> str:
    return capfirst(InvoiceLine._meta.get_field(name).verbose_name)


def line_details(line: InvoiceLine) -> str:
    """What the PDF prints under a line: date, language, contact, billing code."""
    parts = [
        ("service_date", _display_date(line.service_date) if line.service_date else ""),
        ("language_name", line.language_name),
        ("contact_name", line.contact_name),
        ("billing_code", line.billing_code),
    ]
    return "; ".join(
        # French puts a no-break space before the colon.
        _("%(label)s: %(value)s") % {"label": _field_label(name), "value": value}
        for name, value in parts
        if value
    )


def _line(invoice: Invoice, line: InvoiceLine):
    credit = invoice.is_credit_note
    quantity, price = Decimal(line.quantity), Decimal(line.unit_price)
    if price < 0:
        # The price is never negative (BR-27): a deduction is a negative quantity.
        quantity, price = -quantity, -price
    period = None
    if line.service_date:
        day = _date(line.service_date)
        period = _cac("InvoicePeriod", _cbc("StartDate", day), _cbc("EndDate", day))
    codes = billing_codes([line])
    return _cac(
        "CreditNoteLine" if credit else "InvoiceLine",
        _cbc("ID", line.position),
        _cbc(
            "CreditedQuantity" if credit else "InvoicedQuantity",
            _quantity(quantity),
            # UN/ECE rec. 20 codes, as the line stores them (HUR hours, C62 items).
            unitCode=line.unit,
        ),
        _amount("LineExtensionAmount", line.amount, invoice),
        # The buyer books each line on its billing code (BT-133).
        _cbc("AccountingCost", codes[0] if codes else None),
        period,
        _cac(
            "Item",
            _cbc("Description", line_details(line)),
            _cbc("Name", line.description),
            _tax_category("ClassifiedTaxCategory", line.vat_category, line.vat_rate),
        ),
        _cac("Price", _amount("PriceAmount", price, invoice)),
    )
