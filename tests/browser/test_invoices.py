"""An institution finds its invoice in the Factures tab, in a real browser,
French and Dutch, axe-core on every page: the list and its filters, the
invoice with its lines and how to pay it, the PDF and the e-invoice (UBL XML)
downloaded and opened, and from a line the request it bills."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from relais.invoicing.models import Invoice
from relais.invoicing.payment import structured_communication
from relais.invoicing.services import issue_invoices
from tests.bookings.helpers import make_interpreter
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated
from tests.invoicing.ubl_check import assert_valid_ubl

from .helpers import LANGUAGES, log_in, nt, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invoiced(org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, coordinator):
    """June 2030 invoiced: A's on-site service of 80 minutes; B's video call."""
    all_tariffs()
    ilham = make_interpreter("ilham@example.org", arabic)
    service = validated(org_a, code_a, requester_a, arabic, ilham, coordinator, minutes=80)
    validated(org_b, code_b, requester_b, arabic, ilham, coordinator, day="2030-06-04")
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST)
    return service, Invoice.objects.get(payer=org_a), Invoice.objects.get(payer=org_b)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_institution_finds_its_invoice_and_downloads_it(
    open_page, invoiced, requester_a, language
):
    service, mine, theirs = invoiced
    requester_a.language = language
    requester_a.save(update_fields=["language"])
    page = open_page(language)
    log_in(page, requester_a.email)
    page.click_and_wait(page.get_by_role("link", name=t(language, "Invoices"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Invoices"))
    expect(page.locator("#results-title")).to_have_text(
        nt(language, "%(counter)s document", "%(counter)s documents", 1, counter=1)
    )
    row = page.get_by_role("row").filter(has_text=mine.number)
    expect(row).to_contain_text("85,00")  # 75 € for 80 minutes, 10 € travel
    expect(row).to_contain_text(t(language, "To pay"))
    expect(page.get_by_text(theirs.number)).to_have_count(0)

    # A filter on paid invoices: none yet; then back to those to pay.
    page.get_by_label(t(language, "Status")).select_option("paid")
    page.submit(t(language, "Apply the filters"))
    expect(page.get_by_text(t(language, "No invoice matches these filters."))).to_be_visible()
    page.get_by_label(t(language, "Status")).select_option("unpaid")
    page.submit(t(language, "Apply the filters"))
    page.click_and_wait(page.get_by_role("link", name=mine.number, exact=True))

    # The invoice: its lines under the billing code, how to pay it.
    expect(page.get_by_role("heading", level=1)).to_contain_text(mine.number)
    lines = page.get_by_role("table", name=t(language, "Billing code %(code)s", code="CPAS-SG-01"))
    expect(lines.get_by_role("row")).to_have_count(3)  # header, service, travel
    expect(page.get_by_text(structured_communication(mine))).to_be_visible()

    # The PDF and the e-invoice, as the accounting department would open them.
    with page.expect_download() as download:
        page.get_by_role("link", name=t(language, "Download the PDF")).click()
    assert download.value.suggested_filename == f"{mine.number}.pdf"
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert mine.number in text and "85,00" in text
    with page.expect_download() as download:
        page.get_by_role("link", name=t(language, "Download the e-invoice (UBL XML)")).click()
    assert download.value.suggested_filename == f"{mine.number}.xml"
    xml = download.value.path().read_bytes()
    assert_valid_ubl(xml)
    assert structured_communication(mine).encode() in xml

    # From a line, the request it bills.
    page.click_and_wait(lines.get_by_role("link").first)
    assert page.url.endswith(f"/requests/{service.pk}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_institutions_invoice_is_a_not_found_page(
    open_page, invoiced, requester_b, language
):
    _, mine, _ = invoiced
    page = open_page(language)
    log_in(page, requester_b.email)
    page.goto(f"/invoices/{mine.number}/", status=404)
    expect(page.get_by_text(mine.number)).to_have_count(0)
