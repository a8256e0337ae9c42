"""Corrections and payments of issued invoices.

An issued invoice never changes but for its payment (``mark_invoice_paid``);
it is corrected by a credit note (``issue_credit_note``) that refers to it,
in full, for some of its lines or for an amount, never beyond what remains
creditable. The invoice's row is locked first, so two credit notes at once
can't over-credit it; the credit note takes its number from its own yearly
sequence in the same transaction.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.services import is_coordinator
from relais.matching.engine import BRUSSELS

from . import pricing
from .models import Invoice, InvoiceLine
from .services import ZERO, Kind, buyer_details, next_number, seller_details, write_invoice


def _creditable(invoice: Invoice) -> Decimal:
    credited = sum(
        (note.total_excl_vat for note in invoice.credit_notes.all()), ZERO
    )  # few per invoice
    return invoice.total_excl_vat - credited


@transaction.atomic
def issue_credit_note(
    *,
    invoice: Invoice,
    by,
    reason: str,
    lines: list[InvoiceLine] | None = None,
    amount: Decimal | str | None = None,
    now: datetime | None = None,
) -> Invoice:
    """Correct an issued invoice: in full (no lines, no amount), for some of
    its lines, or for an amount excluding VAT (an invoice with one VAT rate).
    Never more than what remains creditable; numbered in its own sequence."""
    now = timezone.now() if now is None else now
    if by is None or not is_coordinator(by):
        raise PermissionDenied(_("Only the coordinators can do this."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is credited.")})
    if lines is not None and amount is not None:
        raise ValidationError(_("Credit either lines or an amount, not both."))
    # The invoice's row is the lock of its credit notes: two at once can't over-credit it.
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError(_("Only an invoice can be credited, not a credit note."))
    remaining = _creditable(invoice)
    if remaining <= 0:
        raise ValidationError(_("This invoice is already fully credited."))
    already = set(
        InvoiceLine.objects.filter(credited_line__invoice=invoice).values_list(
            "credited_line", flat=True
        )
    )
    if amount is not None:
        credit_lines = _amount_credit(invoice, amount, reason, remaining)
    else:
        credit_lines = _line_credits(invoice, lines, already)
    totals = pricing.totals(
        [_with_reason(line, invoice) for line in credit_lines]
    )  # the exemption reasons come from the invoice's breakdown
    if totals.excl_vat > remaining:
        raise ValidationError(
            _(
                "The credit note (%(amount)s € excl. VAT) would be larger than what remains "
                "creditable on invoice %(number)s (%(remaining)s €)."
            )
            % {"amount": totals.excl_vat, "number": invoice.number, "remaining": remaining}
        )
    issue_date = timezone.localtime(now, BRUSSELS).date()
    sequence, number = next_number(Invoice.Kind.CREDIT_NOTE, issue_date.year)
    copied = {
        name: getattr(invoice, name)
        for name in (*seller_details().keys(), *buyer_details(invoice.payer).keys(), "currency")
    }
    note = Invoice(
        kind=Invoice.Kind.CREDIT_NOTE,
        number=number,
        year=issue_date.year,
        sequence=sequence,
        payer_id=invoice.payer_id,
        corrects=invoice,
        reason=reason,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        issue_date=issue_date,
        due_date=issue_date,
        total_excl_vat=totals.excl_vat,
        total_vat=totals.vat,
        total_incl_vat=totals.incl_vat,
        issued_at=now,
        issued_by=by,
        **copied,
    )
    return write_invoice(note, credit_lines, subtotals=totals.vat_subtotals)


class _Reasoned:
    def __init__(self, line: InvoiceLine, reason: str):
        self.amount = line.amount
        self.vat_category = line.vat_category
        self.vat_rate = line.vat_rate
        self.vat_exemption_reason = reason


def _with_reason(line: InvoiceLine, invoice: Invoice) -> _Reasoned:
    reasons = {
        (subtotal.vat_category, subtotal.vat_rate): subtotal.exemption_reason
        for subtotal in invoice.vat_subtotals.all()
    }
    return _Reasoned(line, reasons.get((line.vat_category, line.vat_rate), ""))


def _line_credits(
    invoice: Invoice, lines: list[InvoiceLine] | None, already: set[int]
) -> list[InvoiceLine]:
    chosen = list(invoice.lines.all()) if lines is None else list(lines)
    if lines is not None and not chosen:
        raise ValidationError(_("Choose the lines to credit."))
    credits = []
    for line in chosen:
        if line.invoice_id != invoice.pk:
            raise ValidationError(_("This line is not one of invoice %(number)s.") % {
                "number": invoice.number
            })  # fmt: skip
        if line.pk in already:
            if lines is None:
                continue  # a full credit after a partial one credits the rest
            raise ValidationError(
                _("Line %(position)s is already credited.") % {"position": line.position}
            )
        credits.append(
            InvoiceLine(
                kind=line.kind,
                booking_id=line.booking_id,
                record_id=line.record_id,
                credited_line=line,
                description=line.description,
                billing_code=line.billing_code,
                service_date=line.service_date,
                modality=line.modality,
                language_name=line.language_name,
                contact_name=line.contact_name,
                billed_minutes=line.billed_minutes,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                amount=line.amount,
                vat_category=line.vat_category,
                vat_rate=line.vat_rate,
            )
        )
    if not credits:
        raise ValidationError(_("Every line of this invoice is already credited."))
    return credits


def _amount_credit(invoice: Invoice, amount, reason: str, remaining: Decimal) -> list[InvoiceLine]:
    try:
        value = pricing.money(Decimal(str(amount)))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Enter an amount such as 120.50.")}) from None
    if value <= 0:
        raise ValidationError({"amount": _("The amount to credit must be more than zero.")})
    if value > remaining:
        raise ValidationError(
            {
                "amount": _(
                    "The credit note (%(amount)s € excl. VAT) would be larger than what "
                    "remains creditable on invoice %(number)s (%(remaining)s €)."
                )
                % {"amount": value, "number": invoice.number, "remaining": remaining}
            }
        )
    subtotals = list(invoice.vat_subtotals.all())
    if len(subtotals) != 1:
        raise ValidationError(
            _("This invoice has several VAT rates: credit some of its lines instead of an amount.")
        )
    vat = subtotals[0]
    with translation.override(invoice.language):
        description = _("Credit: %(reason)s") % {"reason": reason}
    return [
        InvoiceLine(
            kind=Kind.CREDIT,
            description=description[:300],
            quantity=Decimal("1"),
            unit=InvoiceLine.Unit.ITEM,
            unit_price=value,
            amount=value,
            vat_category=vat.vat_category,
            vat_rate=vat.vat_rate,
        )
    ]


@transaction.atomic
def mark_invoice_paid(*, invoice: Invoice, by, paid_on: date) -> Invoice:
    """Record the payment of an invoice: its only change after issue."""
    if by is None or not is_coordinator(by):
        raise PermissionDenied(_("Only the coordinators can do this."))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError(_("Only an invoice is paid, not a credit note."))
    if invoice.status == Invoice.Status.PAID:
        raise ValidationError(_("This invoice is already paid."))
    invoice.status = Invoice.Status.PAID
    invoice.paid_at = paid_on
    invoice.save(update_fields=["status", "paid_at"])
    return invoice
