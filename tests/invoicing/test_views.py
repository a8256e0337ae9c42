"""The Factures tab: each institution finds its invoices, their lines and an
Excel detail; nobody sees another institution's; filters never fail."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from relais.invoicing.credit_notes import issue_credit_note, mark_invoice_paid
from relais.invoicing.models import Invoice
from relais.invoicing.payment import structured_communication
from relais.invoicing.services import issue_invoices
from relais.organisations.models import BillingCode, Membership
from tests.conftest import client_for
from tests.invoicing.helpers import JULY_FIRST, JUNE, validated

LIST = reverse("invoicing:list")


def issue():
    result = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST)
    return {invoice.payer_id: invoice for invoice in result.invoices}


def detail(invoice, suffix="/"):
    return f"/invoices/{invoice.number}{suffix}"


@pytest.fixture
def issued(june, org_a, org_b):
    invoices = issue()
    return invoices[org_a.pk], invoices[org_b.pk]


def test_a_member_finds_the_invoices_of_their_institution(issued, requester_a):
    mine, theirs = issued
    page = client_for(requester_a).get(LIST).content.decode()
    assert mine.number in page and theirs.number not in page
    assert "1 document" in page


def test_the_invoice_page_shows_its_lines_totals_and_how_to_pay(issued, requester_a, june):
    mine, _ = issued
    response = client_for(requester_a).get(detail(mine))
    assert response.status_code == 200
    page = response.content.decode()
    assert "CPAS-SG-01" in page  # the lines' group
    assert structured_communication(mine) in page
    assert mine.seller_iban in page
    # each line links to the request it bills
    assert reverse("bookings:detail", kwargs={"pk": june["on_site"].pk}) in page
    assert reverse("bookings:detail", kwargs={"pk": june["video"].pk}) in page
    assert f"{mine.total_incl_vat:.2f}".replace(".", ",") in page  # French formatting
    assert page.count("<tr>") >= mine.lines.count()


def test_another_institutions_invoice_is_not_found(issued, requester_b):
    mine_a, _ = issued
    client = client_for(requester_b)
    for suffix in ("/", ".xlsx", ".pdf", ".xml"):
        assert client.get(detail(mine_a, suffix)).status_code == 404, suffix
    assert mine_a.number not in client.get(LIST).content.decode()


def test_interpreters_and_strangers_have_no_invoices(issued, ilham, client):
    assert client_for(ilham.user).get(LIST).status_code == 404
    response = client.get(LIST)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_excel_detail_has_one_row_per_line(issued, requester_a):
    mine, _ = issued
    response = client_for(requester_a).get(detail(mine, ".xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="{mine.number}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Ligne"  # headers in the member's language
    assert len(rows) - 1 == mine.lines.count()
    amounts = sum(Decimal(str(row[12])) for row in rows[1:])
    assert amounts == mine.total_excl_vat


@pytest.fixture
def shared_code(org_a, org_b):
    """A code A uses and B pays for: A's services under it go on B's invoice."""
    code = BillingCode.objects.create(code="HSP-PARTNER", label="Partenariat", payer=org_b)
    code.organisations.add(org_a)
    return code


def test_an_institution_sees_only_its_lines_of_a_payers_invoice(
    june, shared_code, org_a, org_b, requester_a, requester_b, arabic, ilham, coordinator
):
    billed_for_a = validated(
        org_a, shared_code, requester_a, arabic, ilham, coordinator, day="2030-06-20"
    )
    invoice_b = issue()[org_b.pk]
    assert invoice_b.lines.count() > 1  # B's own shift and A's service
    client = client_for(requester_a)
    assert invoice_b.number in client.get(LIST).content.decode()
    page = client.get(detail(invoice_b)).content.decode()
    assert "HSP-PARTNER" in page and "HSP-01" not in page
    assert reverse("bookings:detail", kwargs={"pk": billed_for_a.pk}) in page
    assert structured_communication(invoice_b) not in page  # B pays, not A
    # The full documents show other institutions' services: only for the payer.
    assert client.get(detail(invoice_b, ".pdf")).status_code == 404
    assert client.get(detail(invoice_b, ".xml")).status_code == 404
    response = client.get(detail(invoice_b, ".xlsx"))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert {row[2] for row in rows[1:]} == {billed_for_a.pk}  # the service and its travel
    # B, the payer, sees the whole invoice, but no link to A's request.
    page_b = client_for(requester_b).get(detail(invoice_b)).content.decode()
    assert "HSP-PARTNER" in page_b and "HSP-01" in page_b
    assert reverse("bookings:detail", kwargs={"pk": billed_for_a.pk}) not in page_b


def test_filters_by_status_kind_and_period(issued, coordinator):
    mine, theirs = issued
    mark_invoice_paid(invoice=theirs, by=coordinator, paid_on=date(2030, 7, 10))
    note = issue_credit_note(invoice=mine, by=coordinator, reason="Erreur de durée", amount="5")
    client = client_for(coordinator)

    def numbers(**query):
        page = client.get(LIST, query).content.decode()
        everything = (mine.number, theirs.number, note.number)
        return {number for number in everything if f'href="/invoices/{number}/"' in page}

    assert numbers() == {mine.number, theirs.number, note.number}
    assert numbers(status="paid") == {theirs.number}
    assert numbers(status="unpaid") == {mine.number}
    assert numbers(kind="credit_note") == {note.number}
    assert numbers(date_from="2030-06-01", date_to="2030-06-30") == {
        mine.number,
        theirs.number,
        note.number,
    }
    assert numbers(date_from="2030-07-01") == set()
    assert numbers(payer=str(theirs.payer_id)) == {theirs.number}
    assert numbers(q=note.number) == {note.number}
    with time_machine.travel(date(2030, 9, 1)):  # past the due date
        client = client_for(coordinator)  # a session of that day
        assert numbers(status="overdue") == {mine.number}
        assert "1 facture est en retard de paiement" in client.get(LIST).content.decode()


def test_a_fully_credited_invoice_is_not_overdue(issued, coordinator):
    mine, _ = issued
    issue_credit_note(invoice=mine, by=coordinator, reason="Facturé par erreur")
    with time_machine.travel(date(2030, 9, 1)):
        page = client_for(coordinator).get(LIST, {"status": "overdue"}).content.decode()
    assert mine.number not in page.split("<tbody>")[1]


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2030-13-45"},
        {"date_from": "2030-07-01", "date_to": "2030-06-01"},
        {"status": "everything"},
        {"payer": "999999"},
        {"payer": "abc"},
        {"page": "-3"},
        {"kind": "receipt"},
    ],
)
def test_bad_filters_say_so_and_show_nothing_else(issued, coordinator, query):
    response = client_for(coordinator).get(LIST, query)
    assert response.status_code == 200
    page = response.content.decode()
    if "page" not in query:
        assert "invalid-feedback" in page or "alert-danger" in page
        assert issued[0].number not in page


def test_a_member_cannot_filter_on_another_payer(issued, requester_a, org_b):
    _, theirs = issued
    client = client_for(requester_a)
    page = client.get(LIST, {"payer": theirs.payer_id}).content.decode()
    assert theirs.number not in page
    # With two institutions, the filter is there and refuses a third one.
    Membership.objects.create(user=requester_a, organisation=org_b)
    page = client.get(LIST, {"payer": 999999}).content.decode()
    assert "invalid-feedback" in page and theirs.number not in page


def test_the_list_costs_the_same_few_queries_for_many_invoices(
    issued, coordinator, django_assert_max_num_queries
):
    client = client_for(coordinator)
    for _ in range(3):
        issue_credit_note(invoice=issued[0], by=coordinator, reason="Geste", amount="1")
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    assert Invoice.objects.count() == 5
