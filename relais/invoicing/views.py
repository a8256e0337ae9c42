"""The Factures tab: the invoices of the person's institutions (every invoice for
coordinators), each with its lines, its documents and an Excel detail."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.lib.xlsx import Column, Sheet, minutes, xlsx_response
from relais.organisations.models import Organisation

from . import pdf, ubl
from .filters import InvoiceFilterForm
from .models import Invoice
from .payment import structured_communication
from .queries import Scope, get_invoice, is_overdue, outstanding, overdue, visible_invoices
from .queries import visible_lines as lines_of

PAGE_SIZE = 50


def _scope(request) -> Scope:
    scope = Scope.of(request.user)
    if not scope.everything and not scope.organisations:
        raise Http404  # interpreters and people without an institution have no invoices
    return scope


def _payers(scope: Scope):
    if scope.everything:
        return Organisation.objects.filter(invoices__isnull=False).distinct()
    return Organisation.objects.filter(pk__in=scope.organisations)


@login_required
def invoice_list(request):
    scope = _scope(request)
    today = timezone.localdate()
    show_payer = scope.everything or len(scope.organisations) > 1
    form = InvoiceFilterForm(request.GET or None, payers=_payers(scope))
    if not show_payer:
        del form.fields["payer"]  # one institution: nothing to choose
    invoices = visible_invoices(scope)
    shown = form.apply(invoices, today=today) if form.is_bound else invoices
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "invoice": invoice,
            "outstanding": outstanding(invoice),
            "overdue": is_overdue(invoice, today),
            "whole": scope.pays(invoice),
        }
        for invoice in page.object_list
    ]
    late = overdue(invoices, today).aggregate(count=Count("pk"), total=Sum("total_incl_vat"))
    return render(
        request,
        "invoicing/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": form.is_bound,
            "coordinator": scope.everything,
            "show_payer": show_payer,
            "overdue": late,
        },
    )


@login_required
def invoice_detail(request, number):
    scope = _scope(request)
    invoice = get_invoice(scope, number)
    lines = list(lines_of(scope, invoice))
    whole = scope.pays(invoice)
    groups = [
        (code, [(line, scope.sees_request(line)) for line in group])
        for code, group in groupby(lines, key=lambda line: line.billing_code)
    ]
    context = {
        "invoice": invoice,
        "groups": groups,
        "whole": whole,
        "coordinator": scope.everything,
        "outstanding": outstanding(invoice),
        "overdue": is_overdue(invoice, timezone.localdate()),
    }
    if whole:
        context["subtotals"] = invoice.vat_subtotals.all()
        context["credit_notes"] = invoice.credit_notes.order_by("number")
        if not invoice.is_credit_note:
            context["communication"] = structured_communication(invoice)
    return render(request, "invoicing/detail.html", context)


def _whole_invoice(request, number) -> Invoice:
    scope = _scope(request)
    invoice = get_invoice(scope, number)
    if not scope.pays(invoice):
        raise Http404
    return invoice


@login_required
def invoice_pdf(request, number):
    invoice = _whole_invoice(request, number)
    response = HttpResponse(pdf.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response


@login_required
def invoice_xml(request, number):
    invoice = _whole_invoice(request, number)
    response = HttpResponse(ubl.invoice_xml(invoice), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
    return response


@login_required
def invoice_xlsx(request, number):
    """The invoice's lines the person may see, one row each, typed for a spreadsheet."""
    scope = _scope(request)
    invoice = get_invoice(scope, number)
    columns = [
        Column(_("Line"), "number"),
        Column(_("Date of service"), "date"),
        Column(_("Request"), "number"),
        Column(_("Institution"), width=28),
        Column(_("Billing code"), width=14),
        Column(_("Description"), width=34),
        Column(_("Language"), width=16),
        Column(_("Contact person"), width=22),
        Column(_("Billed duration"), "duration"),
        Column(_("Quantity"), "decimal"),
        Column(_("Unit"), width=8),
        Column(_("Unit price"), "money"),
        Column(_("Amount excluding VAT"), "money"),
        Column(_("VAT rate (%)"), "decimal"),
    ]
    rows = (
        (
            line.position,
            line.service_date,
            line.booking_id,
            line.booking.organisation.name if line.booking_id else "",
            line.billing_code,
            line.description,
            line.language_name,
            line.contact_name,
            minutes(line.billed_minutes),
            line.quantity,
            line.get_unit_display(),
            line.unit_price,
            line.amount,
            line.vat_rate,
        )
        for line in lines_of(scope, invoice).order_by("position")
    )
    sheet = Sheet(invoice.number, columns, rows)
    return xlsx_response([sheet], f"{invoice.number}.xlsx")
