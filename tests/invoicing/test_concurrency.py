"""Runs and credit notes at the same time, in real threads: no service billed
twice, numbers unique and without gap, never more credited than invoiced."""

from decimal import Decimal
from functools import partial

import pytest
from django.db import transaction

from relais.invoicing.credit_notes import issue_credit_note
from relais.invoicing.models import Invoice, InvoiceLine, Tariff
from relais.invoicing.services import issue_invoices, save_tariff
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, tariff, validated
from tests.threads import results, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def numbers(kind=Invoice.Kind.INVOICE) -> list[str]:
    return sorted(Invoice.objects.filter(kind=kind).values_list("number", flat=True))


@pytest.fixture
def services(org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, ilham, coordinator):
    all_tariffs()
    a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
    b = (org_b, code_b, requester_b, arabic, ilham, coordinator)
    return [
        validated(*a, day="2030-06-03"),
        validated(*a, day="2030-06-04"),
        validated(*b, day="2030-06-05"),
        validated(*b, day="2030-06-06"),
    ]


def test_four_runs_at_once_bill_each_service_once(services, coordinator):
    run = partial(issue_invoices, period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST)
    outcomes = run_together(run, run, partial(run, by=coordinator), run)
    issued = [invoice for result in results(outcomes) for invoice in result.invoices]
    assert len(issued) == 2  # one per payer, whoever issued it
    assert numbers() == ["2030-00001", "2030-00002"]
    billed = list(InvoiceLine.objects.filter(kind="service").values_list("booking", flat=True))
    assert sorted(billed) == sorted(booking.pk for booking in services)
    for booking in services:
        assert booking.events.filter(action="invoiced").count() == 1


def test_concurrent_credit_notes_never_exceed_the_invoice(services, coordinator):
    (invoice, _) = issue_invoices(
        period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST
    ).invoices  # 2 services of 60 € with travel: 120 €
    credit = partial(
        issue_credit_note,
        invoice=invoice,
        by=coordinator,
        reason="Geste commercial",
        amount="50",
        now=JULY_FIRST,
    )
    outcomes = run_together(credit, credit, credit, credit)
    assert sorted(kind for kind, _ in outcomes) == ["done", "done", "refused", "refused"]
    assert numbers(Invoice.Kind.CREDIT_NOTE) == ["C2030-00001", "C2030-00002"]
    credited = sum(note.total_excl_vat for note in invoice.credit_notes.all())
    assert credited == Decimal("100.00") <= invoice.total_excl_vat


def test_a_rolled_back_document_leaves_no_gap(services, coordinator):
    (invoice, _) = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_credit_note(
            invoice=invoice, by=coordinator, reason="Erreur", amount="10", now=JULY_FIRST
        )
        raise RuntimeError("the transaction fails after the number was taken")
    note = issue_credit_note(
        invoice=invoice, by=coordinator, reason="Erreur", amount="10", now=JULY_FIRST
    )
    assert note.number == "C2030-00001"


def test_two_overlapping_tariffs_saved_at_once_one_wins(db):
    outcomes = run_together(
        partial(save_tariff, tariff=tariff()),
        partial(save_tariff, tariff=tariff(valid_from=tariff().valid_from.replace(month=6))),
    )
    assert sorted(kind for kind, _ in outcomes) == ["done", "refused"]
    assert Tariff.objects.count() == 1
