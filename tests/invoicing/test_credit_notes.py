"""Credit notes: in full, for some lines, for an amount; never more than what
remains; their own numbering; they copy the invoice's parties."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relais.invoicing.credit_notes import issue_credit_note
from relais.invoicing.models import Invoice
from relais.invoicing.services import issue_invoices
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, saved_tariff, validated

D = Decimal
LATER = JULY_FIRST + timedelta(days=10)


@pytest.fixture
def invoice(org_a, code_a, requester_a, arabic, ilham, coordinator):
    """Two on-site hours of 50 € with 10 € of travel each: 120 €."""
    all_tariffs()
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-04")
    (issued,) = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices
    return issued


def credit(invoice, coordinator, **kwargs):
    return issue_credit_note(
        invoice=invoice, by=coordinator, reason=kwargs.pop("reason", "Erreur"), now=LATER, **kwargs
    )


def test_a_full_credit_note(invoice, coordinator):
    note = credit(invoice, coordinator, reason="Facturé deux fois")
    assert note.kind == Invoice.Kind.CREDIT_NOTE
    assert note.number == "C2030-00001"
    assert note.corrects == invoice
    assert note.reason == "Facturé deux fois"
    assert (note.total_excl_vat, note.total_incl_vat) == (D("120.00"), D("120.00"))
    assert [line.credited_line_id for line in note.lines.all()] == [
        line.pk for line in invoice.lines.all()
    ]
    assert [line.description for line in note.lines.all()] == [
        line.description for line in invoice.lines.all()
    ]
    assert (note.buyer_name, note.seller_iban) == (invoice.buyer_name, invoice.seller_iban)
    (vat,) = note.vat_subtotals.all()
    assert vat.exemption_reason == invoice.vat_subtotals.get().exemption_reason
    assert note.issue_date == LATER.date()
    with pytest.raises(ValidationError):
        credit(invoice, coordinator)  # nothing left


def test_a_credit_note_for_some_lines(invoice, coordinator):
    travel = invoice.lines.filter(kind="travel")
    note = credit(invoice, coordinator, lines=list(travel))
    assert note.total_excl_vat == D("20.00")
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, lines=[travel.first()])  # already credited
    rest = credit(invoice, coordinator)  # the full credit credits what remains
    assert rest.total_excl_vat == D("100.00")
    assert rest.number == "C2030-00002"


def test_a_credit_note_for_an_amount(invoice, coordinator):
    note = credit(invoice, coordinator, amount="30.5", reason="Retard de l'interprète")
    (line,) = note.lines.all()
    assert (line.kind, line.amount, line.vat_category) == ("credit", D("30.50"), "E")
    assert "Retard de l'interprète" in line.description
    credit(invoice, coordinator, amount=D("89.50"))  # exactly what remains
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, amount="0.01")


@pytest.mark.parametrize("amount", ["120.01", "0", "-5", "douze"])
def test_a_wrong_amount_is_refused(invoice, coordinator, amount):
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, amount=amount)
    assert invoice.credit_notes.count() == 0


def test_more_than_what_remains_is_refused(invoice, coordinator):
    credit(invoice, coordinator, amount="100")
    with pytest.raises(ValidationError) as refused:
        credit(invoice, coordinator, lines=list(invoice.lines.filter(kind="service")[:1]))
    assert "20" in refused.value.messages[0]  # what remains
    assert invoice.credit_notes.count() == 1


def test_a_credit_note_needs_a_reason_and_a_coordinator(invoice, coordinator, requester_a):
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, reason="  ")
    with pytest.raises(PermissionDenied):
        credit(invoice, requester_a)


def test_a_credit_note_is_not_credited(invoice, coordinator):
    note = credit(invoice, coordinator, amount="10")
    with pytest.raises(ValidationError):
        credit(note, coordinator)


def test_lines_of_another_invoice_are_refused(invoice, coordinator, org_b, code_b, requester_b):
    other_payer = validated(
        org_b, code_b, requester_b, invoice.lines.first().booking.language,
        invoice.lines.first().record.interpreter, coordinator, day="2030-06-05",
    )  # fmt: skip
    (other,) = issue_invoices(
        period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST + timedelta(days=1)
    ).invoices
    assert other.lines.first().booking == other_payer
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, lines=list(other.lines.all()))


def test_an_amount_on_an_invoice_with_several_vat_rates_is_refused(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    saved_tariff(
        vat_category="S", vat_rate=D("21"), vat_exemption_reason="", vat_exemption_reason_nl=""
    )
    saved_tariff("video", travel_fee=D("0"))
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    validated(
        org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-04", modality="video"
    )
    (invoice,) = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices
    assert invoice.total_vat == D("12.60")  # 21 % of 60 €
    with pytest.raises(ValidationError):
        credit(invoice, coordinator, amount="10")
    note = credit(invoice, coordinator, lines=list(invoice.lines.filter(vat_category="S")))
    assert (note.total_excl_vat, note.total_vat, note.total_incl_vat) == (
        D("60.00"), D("12.60"), D("72.60")
    )  # fmt: skip
