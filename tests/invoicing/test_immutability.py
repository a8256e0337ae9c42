"""An issued invoice is final: no change but its payment, no deletion, read
only in the back office; a tariff change doesn't touch it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from relais.invoicing.credit_notes import mark_invoice_paid
from relais.invoicing.models import Invoice, InvoiceLine, Tariff
from relais.invoicing.services import issue_invoices
from tests.conftest import client_for
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated


@pytest.fixture
def invoice(org_a, code_a, requester_a, arabic, ilham, coordinator):
    all_tariffs()
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator)
    (issued,) = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices
    return issued


def test_an_issued_invoice_cannot_be_changed_nor_deleted(invoice):
    invoice.total_excl_vat = Decimal("1.00")
    with pytest.raises(ValidationError):
        invoice.save()
    with pytest.raises(ValidationError):
        invoice.save(update_fields=["total_excl_vat"])
    with pytest.raises(ValidationError):
        invoice.delete()
    with pytest.raises(ValidationError):
        Invoice.objects.all().delete()
    line = invoice.lines.first()
    line.amount = Decimal("0")
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        InvoiceLine.objects.all().delete()
    invoice.refresh_from_db()
    assert invoice.total_excl_vat == Decimal("60.00")


def test_what_an_invoice_refers_to_cannot_be_deleted(invoice):
    with pytest.raises(ProtectedError):
        invoice.payer.delete()
    with pytest.raises(ProtectedError):
        invoice.lines.first().booking.delete()


def test_a_tariff_change_does_not_alter_an_issued_invoice(invoice):
    tariff = Tariff.objects.get(modality="on_site")
    tariff.hourly_rate = Decimal("99.00")
    tariff.save()
    invoice.refresh_from_db()
    assert invoice.lines.first().unit_price == Decimal("50.00")
    assert invoice.total_incl_vat == Decimal("60.00")


def test_its_payment_is_recorded(invoice, coordinator):
    paid = mark_invoice_paid(invoice=invoice, by=coordinator, paid_on=date(2030, 7, 20))
    assert (paid.status, paid.paid_at) == (Invoice.Status.PAID, date(2030, 7, 20))
    with pytest.raises(ValidationError):
        mark_invoice_paid(invoice=invoice, by=coordinator, paid_on=date(2030, 7, 21))


def test_the_back_office_shows_it_read_only(invoice, coordinator, requester_a):
    client = client_for(coordinator)
    page = client.get(f"/admin/invoicing/invoice/{invoice.pk}/change/")
    assert page.status_code == 200
    assert invoice.number in page.content.decode()
    assert client.get(f"/admin/invoicing/invoice/{invoice.pk}/delete/").status_code == 403
    assert client.get("/admin/invoicing/invoice/add/").status_code == 403
    response = client.post(
        f"/admin/invoicing/invoice/{invoice.pk}/change/", {"total_excl_vat": "1.00"}
    )
    assert response.status_code == 403
    invoice.refresh_from_db()
    assert invoice.total_excl_vat == Decimal("60.00")
    assert client_for(requester_a).get("/admin/invoicing/invoice/").status_code == 302
