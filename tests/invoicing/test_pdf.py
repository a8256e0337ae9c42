"""The invoice PDF: what the payer reads in it, in its language; the payment QR
code; rendered once and then served from its file; pages numbered."""

import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader
from segno.helpers import _make_epc_qr_data  # segno keeps it apart to test the raw payload

from relais.invoicing.credit_notes import issue_credit_note
from relais.invoicing.models import Invoice
from relais.invoicing.payment import structured_communication
from relais.invoicing.pdf import cache_path, epc_fields, invoice_pdf, money
from relais.invoicing.services import issue_invoices
from relais.invoicing.ubl import invoice_xml
from relais.organisations.models import BillingCode
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated


@pytest.fixture(autouse=True)
def pdf_dir(settings, tmp_path):
    settings.INVOICE_PDF_DIR = tmp_path / "invoices"
    return settings.INVOICE_PDF_DIR


@pytest.fixture
def invoices(june, coordinator, org_a, org_b):
    """June's invoices: A's in French, B's in Dutch."""
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST)
    return {
        "fr": Invoice.objects.get(payer=org_a),
        "nl": Invoice.objects.get(payer=org_b),
    }


def pages(data: bytes) -> list[str]:
    """Each page's text, its spaces (no-break ones too) made plain and single."""
    reader = PdfReader(BytesIO(data))
    return [" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages]


def text(data: bytes) -> str:
    return " ".join(pages(data))


def plain(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())


def in_language(language: str, amount: Decimal) -> str:
    with translation.override(language):
        return plain(money(amount))


def test_a_french_invoice_says_what_is_billed_and_how_to_pay(invoices):
    invoice = invoices["fr"]
    content = text(invoice_pdf(invoice))
    assert content.startswith("Relais")
    for expected in (
        "Facture",
        invoice.number,
        "CPAS de Saint-Gilles",
        "Échéance",
        "Code de facturation CPAS-SG-01",
        "Exonération de TVA, art. 44 §2 2° du Code de la TVA",
        structured_communication(invoice),
        "BE71 0961 2345 6769",
        "GKCCBEBB",
        "1 juillet 2030",  # issued
        "31 juillet 2030",  # due
    ):
        assert expected in content
    for line in invoice.lines.all():
        assert in_language("fr", line.amount) in content
        assert line.description in content
    assert "1:30" in content  # the on-site service, billed an hour and a half
    total = in_language("fr", invoice.total_incl_vat)
    assert total.endswith(" €")
    assert f"Veuillez payer {total} au plus tard le 31 juillet 2030" in content
    assert "Factuur" not in content


def test_a_dutch_invoice_is_in_dutch(invoices):
    invoice = invoices["nl"]
    content = text(invoice_pdf(invoice))
    for expected in (
        "Factuur",
        invoice.number,
        "Hôpital Saint-Pierre",
        "Vervaldatum",
        "Facturatiecode HSP-01",
        "Vrijgesteld van btw, art. 44 §2 2° van het btw-wetboek",
        structured_communication(invoice),
        "BE71 0961 2345 6769",
        "31 juli 2030",
    ):
        assert expected in content
    for line in invoice.lines.all():
        assert in_language("nl", line.amount) in content
    total = in_language("nl", invoice.total_incl_vat)
    assert total.startswith("€ ")
    assert total in content
    assert "Facture " not in content and "Échéance" not in content


def test_a_credit_note_names_its_invoice_and_why(invoices, coordinator):
    invoice = invoices["fr"]
    note = issue_credit_note(
        invoice=invoice,
        by=coordinator,
        reason="Le déplacement était compté deux fois",
        amount="10.00",
        now=JULY_FIRST + timedelta(days=5),
    )
    content = text(invoice_pdf(note))
    assert "Note de crédit" in content
    assert note.number in content
    assert f"Cette note de crédit corrige la facture {invoice.number} du 1 juillet 2030" in content
    assert "Le déplacement était compté deux fois" in content
    assert in_language("fr", Decimal("10.00")) in content
    # Nothing to pay: no structured communication, no QR code.
    assert structured_communication(invoice) not in content
    assert "Veuillez payer" not in content


def test_the_qr_code_asks_the_banking_app_for_the_total_with_the_communication(invoices):
    invoice = invoices["fr"]
    fields = epc_fields(invoice)
    payload = _make_epc_qr_data(**fields).decode("latin-1").split("\n")
    digits = re.sub(r"\D", "", structured_communication(invoice))
    amount = f"EUR{invoice.total_incl_vat:.2f}".rstrip("0").rstrip(".")
    assert payload == [
        "BCD",
        "002",
        payload[2],  # the character set segno chose for the name
        "SCT",
        "GKCCBEBB",
        "Relais, service d'interprétariat social",
        "BE71096123456769",
        amount,
        "",
        digits,
    ]
    assert fields["amount"] == invoice.total_incl_vat
    assert len(digits) == 12


def test_the_pdf_is_rendered_once_then_read_from_its_file(invoices):
    invoice = invoices["fr"]
    path = cache_path(invoice)
    assert not path.exists()
    first = invoice_pdf(invoice)
    assert first.startswith(b"%PDF-")
    assert path.read_bytes() == first
    written = path.stat().st_mtime_ns
    assert invoice_pdf(Invoice.objects.get(pk=invoice.pk)) == first
    assert path.stat().st_mtime_ns == written  # served, not rendered again
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    # A lost file comes back the same.
    path.unlink()
    assert invoice_pdf(invoice) == first


def test_each_invoice_has_its_own_file(invoices):
    paths = {cache_path(invoice) for invoice in invoices.values()}
    assert len(paths) == 2
    assert all(path.parent.name == "2030" for path in paths)


@pytest.fixture
def busy_month(org_a, code_a, requester_a, arabic, ilham, coordinator):
    """Twenty on-site services (a service and a travel line each) on two billing codes."""
    all_tariffs()
    other = BillingCode.objects.create(code="CPAS-SG-02", label="Médiation de dettes", payer=org_a)
    other.organisations.add(org_a)
    days = [date(2030, 6, day) for day in (3, 4, 5, 6, 7, 11, 12, 13, 14, 17)]
    for day in days:
        for hour, code in (("09:00", code_a), ("14:00", other)):
            validated(
                org_a, code, requester_a, arabic, ilham, coordinator,
                day=day.isoformat(), hour=hour, minutes=95,
            )  # fmt: skip
    (invoice,) = issue_invoices(
        period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST
    ).invoices
    return invoice


def test_a_long_invoice_runs_over_numbered_pages(busy_month):
    invoice = busy_month
    assert invoice.lines.count() == 40
    texts = pages(invoice_pdf(invoice))
    assert len(texts) >= 2
    for number, page in enumerate(texts, start=1):
        assert f"Page {number}/{len(texts)}" in page
        assert f"Facture {invoice.number}" in page
    content = " ".join(texts)
    assert "Code de facturation CPAS-SG-01" in content
    assert "Code de facturation CPAS-SG-02" in content
    # Each code's subtotal: ten services of 1 h 45 (87,50 €) and their travel (10 €).
    assert f"Sous-total CPAS-SG-01 — Service social {in_language('fr', Decimal('975.00'))}" in (
        content
    )
    assert in_language("fr", invoice.total_incl_vat) == "1 950,00 €"
    assert "1 950,00 €" in texts[-1]


def test_the_pdf_is_pdf_a_3_with_its_ubl_invoice_inside(invoices, coordinator):
    invoice = invoices["nl"]
    note = issue_credit_note(
        invoice=invoice, by=coordinator, reason="Dubbel gefactureerd", now=JULY_FIRST
    )
    assert f"Creditnota {note.number}" in text(invoice_pdf(note))
    for document in (invoice, note):
        reader = PdfReader(BytesIO(invoice_pdf(document)))
        assert reader.attachments == {f"{document.number}.xml": [invoice_xml(document)]}
        # The files PDF/A-3 declares associated with the document (/AF).
        associated = {spec["/UF"]: spec for spec in reader.trailer["/Root"]["/AF"]}
        assert list(associated) == [f"{document.number}.xml"]
        assert associated[f"{document.number}.xml"]["/AFRelationship"] == "/Alternative"
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp


def test_the_pdf_is_served_even_when_it_cannot_be_kept(invoices, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.INVOICE_PDF_DIR = blocked / "invoices"
    invoice = invoices["fr"]
    assert invoice.number in text(invoice_pdf(invoice))
    assert not cache_path(invoice).exists()


def test_an_english_invoice(june, coordinator, org_a):
    org_a.language = "en"
    org_a.save(update_fields=["language"])
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST)
    invoice = Invoice.objects.get(payer=org_a)
    content = text(invoice_pdf(invoice))
    total = in_language("en", invoice.total_incl_vat)
    assert total.startswith("€")
    for expected in ("Invoice", "Total to pay", f"Please pay {total} by 31 July 2030", "Page 1/1"):
        assert expected in content


def test_bank_details_the_qr_code_refuses_still_print(june, coordinator, org_a, settings):
    settings.SELLER_BIC = "GKCCBE"  # mistyped: a BIC has 8 or 11 characters
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST)
    invoice = Invoice.objects.get(payer=org_a)
    content = text(invoice_pdf(invoice))
    assert structured_communication(invoice) in content
    assert "GKCCBE" in content
    assert "Scannez avec votre application bancaire" not in content
