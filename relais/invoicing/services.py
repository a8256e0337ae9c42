"""Tariffs and the invoice run (credit notes and payments: ``credit_notes``).

The run (``issue_invoices``) bills, per paying institution (the payer of the
billing code), every validated service and billable late cancellation dated up
to the end of the period and not invoiced yet — so a service validated after
its month's run goes on the next invoice, with its own date. ``preview_invoices``
computes the same without writing.

Each payer's invoice is issued in its own transaction, which locks its
requests (and their records), re-reads them and prices them again: a request
another run invoiced meanwhile is no longer validated and is left out, so two
runs at once never bill a service twice. The number is taken last, from the
year's counter row locked in the same transaction (``InvoiceSequence``): a
rollback gives it back, so numbers have no gap. Every writer takes the locks
in the same order — records, requests, then the counter — so runs don't deadlock.

A payer with a problem (no enterprise number, no tariff for one of its
services) is skipped whole, and the run says which and why: half an invoice
would be worse than none.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.accounts.services import is_coordinator
from relais.bookings.models import Booking, BookingEvent
from relais.interpreters.models import Modality
from relais.matching.engine import BRUSSELS
from relais.organisations.models import Organisation
from relais.records.models import ServiceRecord
from relais.webhooks import services as webhooks

from . import pricing
from .models import Invoice, InvoiceLine, InvoiceSequence, InvoiceVatSubtotal, Tariff

logger = logging.getLogger(__name__)
Kind = InvoiceLine.Kind
ZERO = Decimal("0.00")

DESCRIPTIONS = {
    (Kind.SERVICE, Modality.ON_SITE): gettext_lazy("On-site interpreting"),
    (Kind.SERVICE, Modality.VIDEO): gettext_lazy("Video interpreting"),
    (Kind.SERVICE, Modality.PHONE): gettext_lazy("Phone interpreting"),
    (Kind.SERVICE, Modality.PERMANENCE): gettext_lazy("Standing shift, hours"),
    Kind.TRAVEL: gettext_lazy("Travel"),
    Kind.SHIFT: gettext_lazy("Standing shift"),
    Kind.SHIFT_SERVICES: gettext_lazy("Services during the standing shift"),
    Kind.LATE_CANCELLATION: gettext_lazy("Late cancellation"),
}


def _require_coordinator(by) -> None:
    if by is not None and not is_coordinator(by):
        raise PermissionDenied(_("Only the coordinators can do this."))


# -- Tariffs ---------------------------------------------------------------------


@transaction.atomic
def save_tariff(*, tariff: Tariff, by=None) -> Tariff:
    """Add or change a tariff version. Issued invoices copied their prices:
    they never change with it."""
    _require_coordinator(by)
    # Serialise the check with other writers of this type of service (PostgreSQL;
    # SQLite's IMMEDIATE transactions already do), then let the constraint judge.
    list(Tariff.objects.select_for_update().filter(modality=tariff.modality))
    tariff.full_clean()
    try:
        with transaction.atomic():
            tariff.save()
    except IntegrityError:
        raise ValidationError(
            {"valid_from": _("This period overlaps another tariff of the same type of service.")}
        ) from None
    return tariff


# -- The run: what would be issued -------------------------------------------------


@dataclass
class DraftLine:
    booking: Booking
    record: ServiceRecord | None
    priced: pricing.PricedLine
    description: str
    billing_code: str
    service_date: date
    modality: str
    language_name: str
    contact_name: str
    exemption_reason: str = ""  # in the payer's language

    # What ``pricing.totals`` reads.
    @property
    def amount(self) -> Decimal:
        return self.priced.amount

    @property
    def vat_category(self) -> str:
        return self.priced.vat_category

    @property
    def vat_rate(self) -> Decimal:
        return self.priced.vat_rate

    @property
    def vat_exemption_reason(self) -> str:
        return self.exemption_reason


@dataclass
class PayerDraft:
    """One payer's invoice as it would be issued, or why it can't be."""

    payer: Organisation
    lines: list[DraftLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)

    @property
    def totals(self) -> pricing.Totals:
        return pricing.totals(self.lines)

    @property
    def can_issue(self) -> bool:
        return not self.problems and bool(self.lines)


@dataclass
class RunPreview:
    period_start: date
    period_end: date
    payers: list[PayerDraft]
    problems: list[str]  # what belongs to no payer


@dataclass
class RunResult:
    invoices: list[Invoice]
    skipped: list[PayerDraft]
    problems: list[str]

    @property
    def messages(self) -> list[str]:
        """What the run says about what it did not issue, one sentence each."""
        said = list(self.problems)
        for draft in self.skipped:
            said.extend(draft.problems)
        return said


def service_date(booking: Booking) -> date:
    return timezone.localtime(booking.start, BRUSSELS).date()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), BRUSSELS)


def _check_period(period_start: date, period_end: date, *, today: date) -> None:
    if period_end < period_start:
        raise ValidationError(_("The end of the period comes before its start."))
    if period_end >= today:
        raise ValidationError(
            _("The period is not over yet: it can be invoiced from %(day)s.")
            % {"day": (period_end + timedelta(days=1)).strftime("%d/%m/%Y")}
        )


# Validated services (as the "To invoice" tab lists them) and billable late cancellations.
BILLABLE = Q(status=Booking.Status.VALIDATED, record__status=ServiceRecord.Status.VALIDATED) | Q(
    status=Booking.Status.CANCELLED, late_cancellation=True
)


def _billable(period_end: date):
    """The requests to bill up to the end of the period, and not invoiced yet."""
    before = _day_start(period_end + timedelta(days=1))
    return (
        Booking.objects.filter(BILLABLE, start__lt=before)
        .select_related("billing_code__payer", "language", "contact", "record")
        .order_by("pk")
    )


def _is_billable(booking: Booking) -> bool:
    if booking.status == Booking.Status.CANCELLED:
        return booking.late_cancellation
    record = getattr(booking, "record", None)
    return (
        booking.status == Booking.Status.VALIDATED
        and record is not None
        and record.status == ServiceRecord.Status.VALIDATED
    )


def _payer_problems(payer: Organisation) -> list[str]:
    if not payer.enterprise_number.strip():
        return [
            _("%(payer)s has no enterprise number: its invoice was not issued.")
            % {"payer": payer.name}
        ]
    return []


def _draft_lines(
    booking: Booking, tariffs: list[Tariff], payer: Organisation
) -> tuple[list[DraftLine], str | None]:
    """The lines of one request in the payer's language, or the problem that prevents them."""
    day = service_date(booking)
    tariff = pricing.tariff_on(tariffs, booking.modality, day)
    if tariff is None:
        return [], _(
            "No tariff for %(type)s services on %(day)s (request %(pk)s of %(payer)s): "
            "its payer's invoice was not issued."
        ) % {
            "type": booking.get_modality_display().lower(),
            "day": day.strftime("%d/%m/%Y"),
            "pk": booking.pk,
            "payer": payer.name,
        }
    record = None
    if booking.status == Booking.Status.CANCELLED:
        priced = pricing.price_late_cancellation(tariff)
    else:
        record = booking.record
        priced = pricing.price_service(
            tariff,
            modality=booking.modality,
            minutes=record.billable_minutes,
            services_count=record.services_count,
        )
    code = booking.billing_code
    lines = []
    with translation.override(payer.language):
        language_name = getattr(booking.language, f"name_{payer.language}", "") or str(
            booking.language or ""
        )
        for line in priced:
            description = DESCRIPTIONS.get((line.kind, booking.modality)) or DESCRIPTIONS[line.kind]
            lines.append(
                DraftLine(
                    booking=booking,
                    record=record,
                    priced=line,
                    description=str(description),
                    billing_code=f"{code.code} — {code.label}",
                    service_date=day,
                    modality=booking.modality,
                    language_name=language_name,
                    contact_name=booking.contact.full_name if booking.contact_id else "",
                    exemption_reason=tariff.exemption_reason_in(payer.language),
                )
            )
    return lines, None


def _draft_for(payer: Organisation, bookings: list[Booking], tariffs: list[Tariff]) -> PayerDraft:
    draft = PayerDraft(payer=payer, problems=_payer_problems(payer))
    for booking in bookings:
        lines, problem = _draft_lines(booking, tariffs, payer)
        if problem:
            draft.problems.append(problem)
        draft.lines.extend(lines)
        draft.bookings.append(booking)
    # Grouped by billing code, then by date (DESIGN: one line per service, its code shown).
    draft.lines.sort(key=lambda line: (line.billing_code, line.service_date, line.booking.pk))
    return draft


def preview_invoices(*, period_start: date, period_end: date) -> RunPreview:
    """What ``issue_invoices`` would issue for the period, per payer, and what
    stands in the way; writes nothing."""
    tariffs = list(Tariff.objects.all())
    per_payer: dict[int, tuple[Organisation, list[Booking]]] = {}
    problems = []
    for booking in _billable(period_end):
        if booking.billing_code_id is None:
            problems.append(
                _("Request %(pk)s has no billing code: it can't be invoiced.") % {"pk": booking.pk}
            )
            continue
        payer = booking.billing_code.payer
        per_payer.setdefault(payer.pk, (payer, []))[1].append(booking)
    drafts = [
        _draft_for(payer, bookings, tariffs)
        for payer, bookings in sorted(per_payer.values(), key=lambda item: item[0].name)
    ]
    return RunPreview(
        period_start=period_start, period_end=period_end, payers=drafts, problems=problems
    )


# -- The run: issuing ----------------------------------------------------------------


def next_number(kind: str, year: int) -> tuple[int, str]:
    """The next number of the year's sequence, taken under the counter row's lock."""
    if not InvoiceSequence.objects.filter(kind=kind, year=year).exists():
        try:
            with transaction.atomic():
                InvoiceSequence.objects.create(kind=kind, year=year)
        except IntegrityError:
            pass  # created meanwhile by a concurrent run: lock it below
    sequence = InvoiceSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    prefix = "C" if kind == Invoice.Kind.CREDIT_NOTE else ""
    return sequence.last_number, f"{prefix}{year}-{sequence.last_number:05d}"


def seller_details() -> dict:
    return {
        "seller_name": settings.SELLER_NAME,
        "seller_enterprise_number": settings.SELLER_ENTERPRISE_NUMBER,
        "seller_vat_number": settings.SELLER_VAT_NUMBER,
        "seller_street": settings.SELLER_STREET,
        "seller_postcode": settings.SELLER_POSTCODE,
        "seller_city": settings.SELLER_CITY,
        "seller_country": settings.SELLER_COUNTRY,
        "seller_iban": settings.SELLER_IBAN,
        "seller_bic": settings.SELLER_BIC,
        "seller_email": settings.SERVICE_CONTACT_EMAIL,
    }


def buyer_details(payer: Organisation) -> dict:
    place = payer.official_place
    number = payer.enterprise_number
    return {
        "buyer_name": payer.name,
        "buyer_enterprise_number": number,
        "buyer_vat_number": payer.vat_number,
        "buyer_street": place.street if place else "",
        "buyer_postcode": place.postcode if place else "",
        "buyer_city": place.commune if place else "",
        "buyer_email": payer.invoicing_email,
        # Belgian institutions are reachable on Peppol by their enterprise number.
        "buyer_peppol_id": payer.peppol_id or (f"0208:{number}" if number else ""),
        "language": payer.language,
    }


def write_invoice(invoice: Invoice, lines: list, *, subtotals) -> Invoice:
    """Insert a document with its lines and VAT breakdown (nothing else writes them)."""
    invoice.full_clean(exclude=["payer", "corrects", "issued_by"])
    invoice.save()
    InvoiceLine.objects.bulk_create(lines_for(invoice, lines))
    InvoiceVatSubtotal.objects.bulk_create(
        InvoiceVatSubtotal(
            invoice=invoice,
            vat_category=subtotal.vat_category,
            vat_rate=subtotal.vat_rate,
            taxable_amount=subtotal.taxable_amount,
            vat_amount=subtotal.vat_amount,
            exemption_reason=subtotal.exemption_reason,
        )
        for subtotal in subtotals
    )
    return invoice


def lines_for(invoice: Invoice, lines: list) -> list[InvoiceLine]:
    rows = []
    for position, line in enumerate(lines, start=1):
        if isinstance(line, InvoiceLine):
            line.invoice = invoice
            line.position = position
            rows.append(line)
            continue
        priced = line.priced
        rows.append(
            InvoiceLine(
                invoice=invoice,
                position=position,
                kind=priced.kind,
                booking=line.booking,
                record=line.record,
                description=line.description,
                billing_code=line.billing_code,
                service_date=line.service_date,
                modality=line.modality,
                language_name=line.language_name,
                contact_name=line.contact_name,
                billed_minutes=priced.billed_minutes,
                quantity=priced.quantity,
                unit=priced.unit,
                unit_price=priced.unit_price,
                amount=priced.amount,
                vat_category=priced.vat_category,
                vat_rate=priced.vat_rate,
            )
        )
    return rows


def _issue_for_payer(
    payer_id: int,
    booking_ids: list[int],
    *,
    period_start: date,
    period_end: date,
    by,
    now: datetime,
) -> tuple[Invoice | None, PayerDraft | None]:
    """One payer's invoice, in one transaction; (None, draft) when it has a problem now."""
    with transaction.atomic():
        # Locks first, in id order, then fresh rows: what another run invoiced
        # is gone. Records before requests, as the records' services take them;
        # "no key" so that a history entry written meanwhile (a foreign key
        # check) doesn't wait on the request and deadlock.
        list(
            ServiceRecord.objects.select_for_update()
            .filter(booking__in=booking_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        locked = list(
            Booking.objects.select_for_update(no_key=True)
            .filter(pk__in=booking_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        bookings = [
            booking
            for booking in Booking.objects.filter(pk__in=locked)
            .select_related("billing_code__payer", "language", "alt_language", "contact", "record")
            .order_by("pk")
            if _is_billable(booking) and booking.billing_code.payer_id == payer_id
        ]
        if not bookings:
            return None, None
        payer = Organisation.objects.get(pk=payer_id)
        draft = _draft_for(payer, bookings, list(Tariff.objects.all()))
        if not draft.can_issue:
            return None, draft if draft.problems else None
        totals = draft.totals
        issue_date = timezone.localtime(now, BRUSSELS).date()
        sequence, number = next_number(Invoice.Kind.INVOICE, issue_date.year)
        invoice = Invoice(
            kind=Invoice.Kind.INVOICE,
            number=number,
            year=issue_date.year,
            sequence=sequence,
            payer=payer,
            period_start=period_start,
            period_end=period_end,
            issue_date=issue_date,
            due_date=issue_date + timedelta(days=settings.INVOICE_PAYMENT_DAYS),
            total_excl_vat=totals.excl_vat,
            total_vat=totals.vat,
            total_incl_vat=totals.incl_vat,
            issued_at=now,
            issued_by=by,
            **seller_details(),
            **buyer_details(payer),
        )
        write_invoice(invoice, draft.lines, subtotals=totals.vat_subtotals)
        _mark_invoiced(bookings, by=by, now=now, number=number)
        return invoice, None


def _mark_invoiced(bookings: list[Booking], *, by, now: datetime, number: str) -> None:
    """The requests become invoiced, each with its history entry and its webhook
    events: a few statements for the payer, not five per request (a month is
    thousands of requests: bench/invoicing.py). The history entry is this
    step's audit trail; a queryset update leaves no auditlog diff."""
    Booking.objects.filter(pk__in=[booking.pk for booking in bookings]).update(
        status=Booking.Status.INVOICED, updated_at=now
    )
    events = []
    for booking in bookings:
        from_status, booking.status = booking.status, Booking.Status.INVOICED
        events.append(
            BookingEvent(
                booking=booking,
                at=now,
                actor=by,
                action=BookingEvent.Action.INVOICED,
                from_status=from_status,
                to_status=booking.status,
                reason=number,
            )
        )
    BookingEvent.objects.bulk_create(events)
    webhooks.booking_events(events)


def issue_invoices(
    *, period_start: date, period_end: date, by=None, now: datetime | None = None
) -> RunResult:
    """Issue one invoice per paying institution for the period (a coordinator,
    or the monthly job when ``by`` is None). Refuses a period that is not over;
    skips the payers with a problem and says which; never bills a service twice."""
    now = timezone.now() if now is None else now
    _require_coordinator(by)
    _check_period(period_start, period_end, today=timezone.localtime(now, BRUSSELS).date())
    preview = preview_invoices(period_start=period_start, period_end=period_end)
    result = RunResult(invoices=[], skipped=[], problems=list(preview.problems))
    for draft in preview.payers:
        if draft.problems:
            result.skipped.append(draft)
            continue
        try:
            invoice, skipped = _issue_for_payer(
                draft.payer.pk,
                [booking.pk for booking in draft.bookings],
                period_start=period_start,
                period_end=period_end,
                by=by,
                now=now,
            )
        except ValidationError as error:
            # Nothing of this payer was written (its transaction rolled back); the others go on.
            logger.warning("Invoice of %s not issued: %s", draft.payer.pk, error.messages)
            draft.problems.append(
                _("The invoice of %(payer)s was not issued: %(problems)s")
                % {"payer": draft.payer.name, "problems": " ".join(error.messages)}
            )
            result.skipped.append(draft)
            continue
        if invoice is not None:
            result.invoices.append(invoice)
        if skipped is not None:
            result.skipped.append(skipped)
    return result
