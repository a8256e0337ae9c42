"""The operations team's invoicing pages: the monthly run (preview, then
issue), the overview (billed, unbilled, overdue), a payment, a credit note,
sending an invoice again, and the tariffs.

Only coordinators reach them; anybody else gets a 404, as in the rest of the
back office. Each write goes through its service; what the service refuses is
shown on the form, in the person's language, and nothing is written.
"""

import logging
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.accounts.services import is_coordinator
from relais.interpreters.models import Modality
from relais.lib.forms import add_validation_error
from relais.matching.engine import BRUSSELS

from . import mail, queries, tasks
from .credit_notes import issue_credit_note, mark_invoice_paid
from .forms import CreditNoteForm, PaidForm, RunForm, SendForm, TariffForm, last_month
from .models import Invoice, Tariff
from .services import issue_invoices, preview_invoices, save_tariff

logger = logging.getLogger(__name__)

# An invoice's number in an address: 2030-00001, or C2030-00001 for a credit note
# (urls.py imports it from here).
NUMBER = r"(?P<number>C?\d{4}-\d{5,6})"
ZERO = Decimal("0.00")


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise Http404


def _today() -> date:
    return timezone.localtime(timezone.now(), BRUSSELS).date()


def _invoice(number: str, *, credit_note: bool | None = False) -> Invoice:
    """The document by its number; an invoice only unless ``credit_note`` is None."""
    invoices = Invoice.objects.select_related("payer", "corrects")
    if credit_note is not None:
        kind = Invoice.Kind.CREDIT_NOTE if credit_note else Invoice.Kind.INVOICE
        invoices = invoices.filter(kind=kind)
    return get_object_or_404(invoices, number=number)


def _detail(invoice: Invoice):
    return redirect("invoicing:detail", number=invoice.number)


def _numbers(invoices) -> str:
    return ", ".join(f"{invoice.number} ({invoice.buyer_name})" for invoice in invoices)


def _say_unsent(request, unsent: list[Invoice]) -> None:
    if unsent:
        messages.warning(
            request,
            _("Not emailed, no invoicing address: %(numbers)s. Send them from their page.")
            % {"numbers": _numbers(unsent)},
        )


# -- The run ------------------------------------------------------------------------


@login_required
def run(request):
    """Choose a closed month, see what would be issued per payer, then issue it."""
    _require_coordinator(request.user)
    today = _today()
    if request.method == "POST":
        form = RunForm(request.POST, today=today)
        if form.is_valid():
            return _issue(request, *form.cleaned_data["month"])
        return render(request, "invoicing/backoffice/run.html", {"form": form})
    asked = "month" in request.GET
    form = RunForm(
        request.GET if asked else None, initial={"month": last_month(today)}, today=today
    )
    context = {"form": form}
    if asked and form.is_valid():
        start, end = form.cleaned_data["month"]
        preview = preview_invoices(period_start=start, period_end=end)
        issuable = [draft for draft in preview.payers if draft.can_issue]
        context |= {
            "preview": preview,
            "issuable": issuable,
            "issuable_total": sum((draft.totals.incl_vat for draft in issuable), ZERO),
            "month": f"{start:%Y-%m}",
            "issued": Invoice.objects.filter(
                kind=Invoice.Kind.INVOICE, period_start=start, period_end=end
            ).order_by("number"),
        }
    return render(request, "invoicing/backoffice/run.html", context)


def _issue(request, start: date, end: date):
    again = reverse("invoicing:run") + f"?month={start:%Y-%m}"
    try:
        result = issue_invoices(period_start=start, period_end=end, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(again)
    # Each invoice's transaction has committed: the workers email them.
    unsent = tasks.email_issued(result.invoices)
    if result.invoices:
        messages.success(
            request,
            ngettext(
                "%(count)s invoice issued: %(numbers)s.",
                "%(count)s invoices issued: %(numbers)s.",
                len(result.invoices),
            )
            % {"count": len(result.invoices), "numbers": _numbers(result.invoices)},
        )
    elif not result.messages:
        messages.info(
            request,
            _("Nothing new to invoice up to %(day)s: every billable service is already invoiced.")
            % {"day": date_format(end, "SHORT_DATE_FORMAT")},
        )
    for message in result.messages:
        messages.warning(request, message)
    _say_unsent(request, unsent)
    return redirect(again)


# -- The overview ---------------------------------------------------------------------


def _billed(invoices, **period) -> dict:
    totals = invoices.filter(**period).aggregate(
        invoices=Count("pk", filter=Q(kind=Invoice.Kind.INVOICE)),
        invoiced=Sum("total_incl_vat", filter=Q(kind=Invoice.Kind.INVOICE), default=ZERO),
        credit_notes=Count("pk", filter=Q(kind=Invoice.Kind.CREDIT_NOTE)),
        credited=Sum("total_incl_vat", filter=Q(kind=Invoice.Kind.CREDIT_NOTE), default=ZERO),
    )
    totals["net"] = totals["invoiced"] - totals["credited"]
    return totals


def _unbilled(today: date) -> dict:
    """What the next monthly run would bill: everything billable up to the end of this month."""
    start, end = today.replace(day=1), _month_end(today)
    preview = preview_invoices(period_start=start, period_end=end)
    return {
        "services": sum(len(draft.bookings) for draft in preview.payers),
        "amount": sum((draft.totals.incl_vat for draft in preview.payers), ZERO),
        "payers": len(preview.payers),
        "problems": sum(len(draft.problems) for draft in preview.payers) + len(preview.problems),
    }


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@login_required
def overview(request):
    """Billed this month and this year, what is not billed yet, what is overdue."""
    _require_coordinator(request.user)
    today = _today()
    invoices = Invoice.objects.all()
    late = list(
        queries.overdue(queries.with_credited(invoices.select_related("payer")), today).order_by(
            "due_date", "number"
        )
    )
    for invoice in late:
        invoice.outstanding = queries.outstanding(invoice)
        invoice.days_late = (today - invoice.due_date).days
    return render(
        request,
        "invoicing/backoffice/overview.html",
        {
            "today": today,
            "periods": [
                (
                    _("Billed in %(month)s") % {"month": date_format(today, "F Y")},
                    _billed(invoices, issue_date__year=today.year, issue_date__month=today.month),
                ),
                (
                    _("Billed in %(year)s") % {"year": today.year},
                    _billed(invoices, issue_date__year=today.year),
                ),
            ],
            "unbilled": _unbilled(today),
            "overdue": late,
            "overdue_total": sum((invoice.outstanding for invoice in late), ZERO),
        },
    )


# -- One invoice: paid, credit note, send again ---------------------------------------------


@login_required
def mark_paid(request, number):
    _require_coordinator(request.user)
    invoice = _invoice(number)
    if invoice.status == Invoice.Status.PAID:
        messages.info(
            request,
            _("Invoice %(number)s is already paid (%(day)s).")
            % {"number": invoice.number, "day": date_format(invoice.paid_at, "SHORT_DATE_FORMAT")},
        )
        return _detail(invoice)
    today = _today()
    form = PaidForm(
        request.POST if request.method == "POST" else None,
        initial={"paid_on": today},
        invoice=invoice,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            mark_invoice_paid(
                invoice=invoice, by=request.user, paid_on=form.cleaned_data["paid_on"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Invoice %(number)s is marked paid on %(day)s.")
                % {
                    "number": invoice.number,
                    "day": date_format(form.cleaned_data["paid_on"], "SHORT_DATE_FORMAT"),
                },
            )
            return _detail(invoice)
    return render(request, "invoicing/backoffice/paid.html", {"invoice": invoice, "form": form})


def creditable(invoice: Invoice) -> Decimal:
    """What remains creditable, excluding VAT (as ``issue_credit_note`` counts it)."""
    credited = invoice.credit_notes.aggregate(total=Sum("total_excl_vat", default=ZERO))["total"]
    return invoice.total_excl_vat - credited


@login_required
def credit(request, number):
    _require_coordinator(request.user)
    invoice = _invoice(number)
    form = CreditNoteForm(request.POST if request.method == "POST" else None, invoice=invoice)
    if request.method == "POST" and form.is_valid():
        try:
            note = issue_credit_note(invoice=invoice, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if not tasks.email_issued([note]):
                messages.success(
                    request,
                    _("Credit note %(number)s is issued and emailed to %(email)s.")
                    % {"number": note.number, "email": note.buyer_email},
                )
            else:
                messages.success(
                    request, _("Credit note %(number)s is issued.") % {"number": note.number}
                )
                _say_unsent(request, [note])
            return _detail(invoice)
    return render(
        request,
        "invoicing/backoffice/credit.html",
        {
            "invoice": invoice,
            "form": form,
            "remaining": creditable(invoice),
            "credit_notes": invoice.credit_notes.order_by("number"),
        },
    )


@login_required
def send(request, number):
    """Send the invoice (or credit note) again, to its address or another one."""
    _require_coordinator(request.user)
    invoice = _invoice(number, credit_note=None)
    form = SendForm(
        request.POST if request.method == "POST" else None, initial={"to": invoice.buyer_email}
    )
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        try:
            mail.send_invoice(invoice, to=to)
        except Exception:
            logger.exception("Invoice %s could not be sent", invoice.number)
            form.add_error(
                None, _("The documents of this invoice could not be made: nothing was sent.")
            )
        else:
            messages.success(
                request,
                _("%(document)s %(number)s is on its way to %(email)s, with its PDF and XML.")
                % {"document": invoice.get_kind_display(), "number": invoice.number, "email": to},
            )
            return _detail(invoice)
    return render(request, "invoicing/backoffice/send.html", {"invoice": invoice, "form": form})


# -- Tariffs -------------------------------------------------------------------------------


@login_required
def tariffs(request):
    """Every version of every tariff, by type of service."""
    _require_coordinator(request.user)
    today = _today()
    versions = {value: [] for value in Modality.values}
    for tariff in Tariff.objects.order_by("modality", "-valid_from"):
        tariff.in_force = tariff.applies_on(today)
        versions.setdefault(tariff.modality, []).append(tariff)
    groups = [(label, versions[value]) for value, label in Modality.choices]
    return render(request, "invoicing/backoffice/tariffs.html", {"groups": groups})


@login_required
def tariff(request, pk=None):
    """Add a tariff version, or change one: invoices copied their prices, so a
    change reaches the next runs only."""
    _require_coordinator(request.user)
    instance = get_object_or_404(Tariff, pk=pk) if pk is not None else None
    form = TariffForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_tariff(tariff=form.instance, by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The tariff %(tariff)s is saved.") % {"tariff": saved})
            return redirect("invoicing:tariffs")
    return render(request, "invoicing/backoffice/tariff.html", {"form": form, "tariff": instance})


urlpatterns = [
    path("run/", run, name="run"),
    path("overview/", overview, name="overview"),
    path("tariffs/", tariffs, name="tariffs"),
    path("tariffs/new/", tariff, name="tariff_new"),
    path("tariffs/<int:pk>/", tariff, name="tariff_edit"),
    re_path(rf"^{NUMBER}/paid/$", mark_paid, name="paid"),
    re_path(rf"^{NUMBER}/credit/$", credit, name="credit"),
    re_path(rf"^{NUMBER}/send/$", send, name="send"),
]
