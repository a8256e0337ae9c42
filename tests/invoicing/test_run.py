"""The invoice run: one invoice per paying institution, its lines grouped by
billing code, what the preview showed; run twice, nothing billed twice; a
payer with a problem skipped with a message, the others issued; an open
period refused."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from relais.bookings.models import Booking, BookingEvent
from relais.interpreters.models import Modality
from relais.invoicing.models import Invoice, InvoiceLine
from relais.invoicing.services import issue_invoices, preview_invoices
from relais.organisations.models import BillingCode
from relais.records.queries import to_invoice
from relais.records.services import save_record, submit_record, validate_record
from tests.bookings.helpers import at
from tests.conftest import client_for, in_language, page_text
from tests.invoicing.helpers import (
    EXEMPT,
    EXEMPT_NL,
    JULY_FIRST,
    JUNE,
    all_tariffs,
    confirmed,
    saved_tariff,
    validated,
)

D = Decimal


def run(**kwargs):
    return issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST, **kwargs)


def test_one_invoice_per_payer_with_its_lines(june, org_a, org_b, coordinator):
    result = run(by=coordinator)
    assert result.messages == []
    assert sorted(invoice.payer.pk for invoice in result.invoices) == sorted([org_a.pk, org_b.pk])
    invoice_a = Invoice.objects.get(payer=org_a)
    lines = list(invoice_a.lines.all())
    assert [(line.kind, line.service_date, line.amount) for line in lines] == [
        (InvoiceLine.Kind.SERVICE, date(2030, 6, 3), D("75.00")),  # 80 min → 1 h 30
        (InvoiceLine.Kind.TRAVEL, date(2030, 6, 3), D("10.00")),
        (InvoiceLine.Kind.SERVICE, date(2030, 6, 4), D("25.00")),  # 20 min → minimum 30
        (InvoiceLine.Kind.LATE_CANCELLATION, date(2030, 6, 5), D("50.00")),
    ]
    first = lines[0]
    assert first.billing_code == "CPAS-SG-01 — Service social"
    assert first.language_name == "Arabe"  # in the payer's language (French)
    assert first.contact_name == "Amina Requester"
    assert first.description == in_language("fr", "On-site interpreting")
    assert (first.quantity, first.unit, first.unit_price) == (D("1.5000"), "HUR", D("50.00"))
    assert (invoice_a.total_excl_vat, invoice_a.total_vat, invoice_a.total_incl_vat) == (
        D("160.00"), D("0.00"), D("160.00")
    )  # fmt: skip
    (vat,) = invoice_a.vat_subtotals.all()
    assert (vat.vat_category, vat.taxable_amount) == ("E", D("160.00"))
    assert vat.exemption_reason == EXEMPT
    # Copied seller and buyer, dates, number.
    assert invoice_a.seller_name and invoice_a.seller_iban == "BE71096123456769"
    assert invoice_a.buyer_enterprise_number == "0203201340"
    assert invoice_a.buyer_street == "Rue Fernand Bernier 40"
    assert invoice_a.buyer_email == "factures@cpas-a.example"
    assert invoice_a.buyer_peppol_id == "0208:0203201340"
    assert (invoice_a.issue_date, invoice_a.due_date) == (date(2030, 7, 1), date(2030, 7, 31))
    assert (invoice_a.period_start, invoice_a.period_end) == JUNE
    assert invoice_a.issued_by == coordinator
    # B's standing shift: the shift and its three services, language name in Dutch.
    invoice_b = Invoice.objects.get(payer=org_b)
    assert [(line.kind, line.amount) for line in invoice_b.lines.all()] == [
        (InvoiceLine.Kind.SHIFT, D("120.00")),
        (InvoiceLine.Kind.SHIFT_SERVICES, D("45.00")),
    ]
    assert invoice_b.lines.first().language_name == "Arabisch"
    assert invoice_b.lines.first().description == in_language("nl", "Standing shift")
    assert invoice_b.language == "nl"
    assert invoice_b.vat_subtotals.get().exemption_reason == EXEMPT_NL
    assert sorted(invoice.number for invoice in result.invoices) == ["2030-00001", "2030-00002"]


def test_services_become_invoiced_and_leave_the_to_invoice_list(june, coordinator):
    records, cancellations = to_invoice()
    assert (records.count(), cancellations.count()) == (3, 1)
    run()
    records, cancellations = to_invoice()
    assert (records.count(), cancellations.count()) == (0, 0)
    for booking in june.values():
        booking.refresh_from_db()
        assert booking.status == Booking.Status.INVOICED
        event = booking.events.get(action=BookingEvent.Action.INVOICED)
        assert event.actor is None  # the run, not a person
        assert (
            event.reason
            == booking.invoice_lines.get(
                kind__in=["service", "late_cancellation", "shift"]
            ).invoice.number
        )
    assert june["cancelled"].events.get(action="invoiced").from_status == "cancelled"


def test_the_preview_is_what_is_issued(june):
    preview = preview_invoices(period_start=JUNE[0], period_end=JUNE[1])
    assert Invoice.objects.count() == 0  # a preview writes nothing
    expected = {
        draft.payer.pk: (
            [(line.priced.kind, line.priced.amount, line.description) for line in draft.lines],
            draft.totals.incl_vat,
        )
        for draft in preview.payers
    }
    result = run()
    issued = {
        invoice.payer_id: (
            [(line.kind, line.amount, line.description) for line in invoice.lines.all()],
            invoice.total_incl_vat,
        )
        for invoice in result.invoices
    }
    assert issued == expected


def test_running_twice_bills_nothing_twice(june):
    first = run()
    second = run()
    assert len(first.invoices) == 2
    assert second.invoices == [] and second.messages == []
    assert Invoice.objects.count() == 2
    assert InvoiceLine.objects.filter(booking=june["on_site"]).count() == 2  # service and travel


def test_a_service_validated_after_its_month_goes_on_the_next_invoice(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    all_tariffs()
    may = validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-05-27")
    june_service = validated(org_a, code_a, requester_a, arabic, ilham, coordinator)
    (invoice,) = run().invoices
    assert {line.booking_id for line in invoice.lines.all()} == {may.pk, june_service.pk}


def test_later_services_wait_for_their_month(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    all_tariffs()
    july = validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-07-01")
    result = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=at("2030-07-02", "08:00"))
    assert result.invoices == []
    july.refresh_from_db()
    assert july.status == Booking.Status.VALIDATED


def test_a_payer_without_enterprise_number_is_skipped_and_named(june, org_a, org_b):
    type(org_b).objects.filter(pk=org_b.pk).update(enterprise_number="")
    result = run()
    assert [invoice.payer for invoice in result.invoices] == [org_a]
    (message,) = result.messages
    assert org_b.name in message
    june["shift"].refresh_from_db()
    assert june["shift"].status == Booking.Status.VALIDATED  # still to invoice


def test_a_missing_tariff_skips_its_payer_only(
    org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, ilham, coordinator
):
    saved_tariff(Modality.ON_SITE)  # no video tariff
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, modality=Modality.VIDEO)
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, hour="14:00")
    validated(org_b, code_b, requester_b, arabic, ilham, coordinator, day="2030-06-04")
    result = run()
    assert [invoice.payer for invoice in result.invoices] == [org_b]
    (message,) = result.messages
    assert org_a.name in message and "03/06/2030" in message
    assert not Invoice.objects.filter(payer=org_a).exists()  # not half an invoice


def test_a_tariff_version_applies_from_its_first_day(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    saved_tariff(valid_until=date(2030, 6, 3))
    saved_tariff(valid_from=date(2030, 6, 4), hourly_rate=D("60.00"))
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-04")
    (invoice,) = run().invoices
    prices = [line.unit_price for line in invoice.lines.filter(kind="service")]
    assert prices == [D("50.00"), D("60.00")]


def test_lines_are_grouped_by_billing_code(org_a, code_a, requester_a, arabic, ilham, coordinator):
    all_tariffs()
    other = BillingCode.objects.create(code="AAA-00", label="Autre service", payer=org_a)
    other.organisations.add(org_a)
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    validated(org_a, other, requester_a, arabic, ilham, coordinator, day="2030-06-04")
    (invoice,) = run().invoices
    codes = [line.billing_code[:6] for line in invoice.lines.filter(kind="service")]
    assert codes == ["AAA-00", "CPAS-S"]
    assert list(invoice.lines.values_list("position", flat=True)) == [1, 2, 3, 4]


def test_a_period_not_over_is_refused(june):
    with pytest.raises(ValidationError):
        issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=at("2030-06-30", "18:00"))
    with pytest.raises(ValidationError):
        issue_invoices(period_start=JUNE[1], period_end=JUNE[0], now=JULY_FIRST)
    assert Invoice.objects.count() == 0


def test_only_coordinators_run_it(june, requester_a):
    with pytest.raises(PermissionDenied):
        run(by=requester_a)


def test_nothing_to_invoice_issues_nothing(db):
    result = run()
    assert (result.invoices, result.messages) == ([], [])


def test_the_due_date_follows_the_payment_terms(june, settings):
    settings.INVOICE_PAYMENT_DAYS = 15
    invoice = run().invoices[0]
    assert invoice.due_date == invoice.issue_date + timedelta(days=15)


def test_a_service_that_did_not_take_place_for_another_reason_is_listed_at_zero(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    all_tariffs()
    booking = confirmed(org_a, code_a, requester_a, arabic, coordinator, day="2030-06-03")
    after = booking.start + timedelta(hours=2)
    values = {"outcome": "not_performed", "not_performed_reason": "other", "comments": "Grève"}
    record = save_record(booking=booking, by=ilham.user, values=values, now=after)
    record = submit_record(record=record, by=ilham.user, now=after)
    validate_record(record=record, by=requester_a, now=after)
    (invoice,) = run().invoices
    # Nothing billed, no travel either; the request leaves the list all the same.
    assert [(line.kind, line.billed_minutes, line.amount) for line in invoice.lines.all()] == [
        ("service", 0, D("0.00"))
    ]
    assert invoice.total_incl_vat == D("0.00")


def test_the_request_history_shows_it_was_invoiced(june, requester_a):
    run()
    page = client_for(requester_a).get(reverse("bookings:detail", args=[june["on_site"].pk]))
    text = page_text(page)
    assert page.status_code == 200
    assert in_language("fr", "Invoiced") in text
    assert "2030-00001" in text or "2030-00002" in text


def test_the_preview_costs_the_same_few_queries_whatever_the_number_of_services(
    org_a, code_a, requester_a, arabic, ilham, coordinator, django_assert_max_num_queries
):
    all_tariffs()
    for day in ("2030-06-03", "2030-06-04", "2030-06-05", "2030-06-06", "2030-06-07"):
        validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day=day)
    with django_assert_max_num_queries(3):
        preview = preview_invoices(period_start=JUNE[0], period_end=JUNE[1])
    assert len(preview.payers[0].lines) == 10


def test_a_payer_whose_invoice_would_be_invalid_is_skipped_and_named(june, org_a, org_b):
    # An address that no longer passes validation: its invoice is refused whole, B's is issued.
    type(org_a).objects.filter(pk=org_a.pk).update(invoicing_email="not an address")
    result = run()
    assert [invoice.payer for invoice in result.invoices] == [org_b]
    (message,) = result.messages
    assert org_a.name in message
    assert not Invoice.objects.filter(payer=org_a).exists()
    june["on_site"].refresh_from_db()
    assert june["on_site"].status == Booking.Status.VALIDATED


def test_issuing_costs_the_same_statements_for_one_service_or_many(
    org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, ilham, coordinator
):
    """A month is thousands of requests: the run writes per payer, not per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relais.webhooks.models import Webhook, WebhookDelivery

    all_tariffs()
    # B's own system listens (registered as is: no name lookup in tests).
    Webhook.objects.create(organisation=org_b, url="https://hooks.example.org/relais")
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-06-03")
    days = ("2030-06-04", "2030-06-05", "2030-06-06", "2030-06-07", "2030-06-11")
    many = [validated(org_b, code_b, requester_b, arabic, ilham, coordinator, day=d) for d in days]
    WebhookDelivery.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        result = run(by=coordinator)
    per_payer = {invoice.payer_id: invoice for invoice in result.invoices}
    assert per_payer[org_b.pk].lines.count() == 10  # five services, five travels
    # B's five requests cost no more statements than A's one.
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert sum('"bookings_booking"' in sql for sql in writes) == 2  # one per payer
    assert len(queries.captured_queries) < 60
    for booking in many:
        booking.refresh_from_db()
        assert booking.status == Booking.Status.INVOICED
        assert booking.events.last().action == BookingEvent.Action.INVOICED
    # B's own system is told of each of its requests, A has no webhook.
    assert WebhookDelivery.objects.filter(event_type="request.status_changed").count() == 5
