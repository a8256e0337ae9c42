"""Which invoices a person sees, and how much of each.

A coordinator sees every invoice. A member of an institution sees the invoices
it pays, whole, and those of other payers that bill its own requests (a billing
code another institution pays for): of those, only the lines of its requests,
and no PDF or XML — the full document would show the other institutions'
services.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from relais.accounts.services import is_coordinator
from relais.organisations.models import Membership

from .models import Invoice, InvoiceLine

MONEY = DecimalField(max_digits=12, decimal_places=2)


def member_organisation_ids(user) -> list[int]:
    # Plain ids, not a subquery: the planner then uses the (payer, date) index.
    return list(
        Membership.objects.filter(user=user, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )


@dataclass
class Scope:
    """What the person may see: everything (coordinators) or their institutions'."""

    everything: bool
    organisations: list[int]

    @classmethod
    def of(cls, user) -> "Scope":
        if is_coordinator(user):
            return cls(True, [])
        return cls(False, member_organisation_ids(user))

    def pays(self, invoice: Invoice) -> bool:
        """May see the whole invoice and download its documents."""
        return self.everything or invoice.payer_id in self.organisations

    def sees_request(self, line: InvoiceLine) -> bool:
        return self.everything or (
            line.booking_id is not None and line.booking.organisation_id in self.organisations
        )


def with_credited(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Each invoice with the total (incl. VAT) of the credit notes correcting it."""
    credited = (
        Invoice.objects.filter(corrects=OuterRef("pk"))
        .order_by()
        .values("corrects")
        .annotate(total=Sum("total_incl_vat"))
        .values("total")
    )
    return invoices.annotate(
        credited=Coalesce(Subquery(credited, output_field=MONEY), Value(Decimal("0.00")))
    )


def visible_invoices(scope: Scope) -> QuerySet[Invoice]:
    invoices = Invoice.objects.all()
    if not scope.everything:
        concerning = InvoiceLine.objects.filter(
            booking__organisation_id__in=scope.organisations
        ).values("invoice_id")
        invoices = invoices.filter(Q(payer_id__in=scope.organisations) | Q(pk__in=concerning))
    return with_credited(invoices).select_related("payer", "corrects")


def get_invoice(scope: Scope, number: str) -> Invoice:
    """The invoice if the person may see it; 404 otherwise, as if it did not exist."""
    try:
        return visible_invoices(scope).get(number=number)
    except Invoice.DoesNotExist:
        raise Http404 from None


def visible_lines(scope: Scope, invoice: Invoice) -> QuerySet[InvoiceLine]:
    lines = invoice.lines.select_related(
        "booking__organisation", "credited_line__invoice"
    ).order_by("billing_code", "position")
    if not scope.pays(invoice):
        lines = lines.filter(booking__organisation_id__in=scope.organisations)
    return lines


def outstanding(invoice: Invoice) -> Decimal:
    """What remains to pay: the total less its credit notes (annotated ``credited``)."""
    if invoice.is_credit_note or invoice.status == Invoice.Status.PAID:
        return Decimal("0.00")
    return max(invoice.total_incl_vat - invoice.credited, Decimal("0.00"))


def is_overdue(invoice: Invoice, today: date) -> bool:
    return invoice.due_date < today and outstanding(invoice) > 0


def overdue(invoices: QuerySet[Invoice], today: date) -> QuerySet[Invoice]:
    """Of invoices annotated by ``with_credited``: unpaid, past their due date, and
    not wholly credited."""
    return invoices.filter(
        kind=Invoice.Kind.INVOICE,
        status=Invoice.Status.ISSUED,
        due_date__lt=today,
        total_incl_vat__gt=F("credited"),
    )
