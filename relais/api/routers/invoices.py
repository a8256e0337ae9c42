"""Invoices and credit notes ("factures"): the token's institution sees what the
Factures tab shows its members — the invoices it pays, whole, and the lines of
its own requests on other payers' invoices — and downloads the PDF and UBL XML
of the ones it pays only (anything else is a 404)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from relais.invoicing import pdf, ubl
from relais.invoicing.filters import InvoiceFilterForm
from relais.invoicing.models import Invoice
from relais.invoicing.queries import Scope, get_invoice, is_overdue, outstanding, visible_invoices
from relais.invoicing.queries import visible_lines as lines_of
from relais.organisations.models import Organisation

from ..errors import ErrorOut
from ..schemas import NO_NUL

router = Router(tags=["invoices"])
PAGE_SIZE = 50
Number = Path(..., max_length=20, pattern=r"^[A-Za-z0-9_-]+$", description="Number of the invoice.")
ERRORS = {401: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class InvoiceFilters(Schema):
    number: str = Field("", max_length=20, pattern=NO_NUL, description="Part of the number.")
    period_from: date | None = Field(
        None, description="Invoices billing this day or later (YYYY-MM-DD)."
    )
    period_to: date | None = Field(
        None, description="Invoices billing this day or earlier (YYYY-MM-DD)."
    )
    status: Literal["", "unpaid", "overdue", "paid"] = Field(
        "", description="unpaid (to pay), overdue, paid; empty for any."
    )
    kind: Literal["", "invoice", "credit_note"] = Field(
        "", description="invoice or credit_note; empty for both."
    )
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")


class InvoiceOut(Schema):
    number: str = Field(description="Number of the invoice or credit note.")
    kind: str = Field(description="invoice or credit_note.")
    payer: str = Field(description="Name of the paying institution.")
    yours: bool = Field(
        description="True if your institution pays it (whole document, PDF and XML); "
        "false if it only bills some of your requests for another payer."
    )
    period_start: date = Field(description="First day billed.")
    period_end: date = Field(description="Last day billed.")
    issue_date: date = Field(description="Date of issue.")
    due_date: date = Field(description="Date by which it is to be paid.")
    currency: str = Field(description="Currency, EUR.")
    total_excl_vat: Decimal = Field(description="Total excluding VAT.")
    total_vat: Decimal = Field(description="VAT.")
    total_incl_vat: Decimal = Field(description="Total including VAT.")
    outstanding: Decimal = Field(description="What remains to pay, less credit notes.")
    status: str = Field(description="issued or paid.")
    overdue: bool = Field(description="Past its due date and not wholly paid or credited.")
    corrects: str | None = Field(
        description="A credit note: the number of the invoice it corrects."
    )
    url: str = Field(description="Path of this invoice in the API.")


class InvoicePage(Schema):
    count: int = Field(description="How many invoices match the filters.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are.")
    results: list[InvoiceOut] = Field(description="The invoices of this page.")


class LineOut(Schema):
    position: int = Field(description="Line number on the invoice.")
    kind: str = Field(description="What the line bills (service, travel, cancellation, …).")
    description: str = Field(description="The line's text, in the payer's language.")
    billing_code: str = Field(description="The billing code it is billed under, with its label.")
    request_id: int | None = Field(description="Number of the request it bills, if any.")
    service_date: date | None = Field(description="Date of the service.")
    modality: str = Field(description="Type of service, or empty.")
    billed_minutes: int | None = Field(description="Minutes billed, for time-based lines.")
    quantity: Decimal = Field(description="Quantity.")
    unit: str = Field(description="Unit of the quantity (HUR hours, C62 units).")
    unit_price: Decimal = Field(description="Price of one unit, excluding VAT.")
    amount: Decimal = Field(description="Amount excluding VAT.")
    vat_category: str = Field(description="VAT category (E exempt, S standard …).")
    vat_rate: Decimal = Field(description="VAT rate in percent.")


class InvoiceDetail(InvoiceOut):
    lines: list[LineOut] = Field(
        description="Its lines: all of them on an invoice you pay, else those of your requests."
    )


def _scope(request) -> Scope:
    return Scope(everything=False, organisations=[request.auth.organisation_id])


def _out(invoice: Invoice, scope: Scope, today: date) -> dict:
    return {
        "number": invoice.number,
        "kind": invoice.kind,
        "payer": invoice.payer.name,
        "yours": scope.pays(invoice),
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "currency": invoice.currency,
        "total_excl_vat": invoice.total_excl_vat,
        "total_vat": invoice.total_vat,
        "total_incl_vat": invoice.total_incl_vat,
        "outstanding": outstanding(invoice),
        "status": invoice.status,
        "overdue": is_overdue(invoice, today),
        "corrects": invoice.corrects.number if invoice.corrects_id else None,
        "url": f"/api/v1/invoices/{invoice.number}",
    }


@router.get(
    "/invoices", response={200: InvoicePage, **ERRORS}, summary="The institution's invoices"
)
def list_invoices(request, filters: Query[InvoiceFilters]):
    """The invoices and credit notes the institution pays, and those of other payers
    that bill its requests, newest first, 50 a page, with the Factures tab's filters."""
    scope = _scope(request)
    today = timezone.localdate()
    form = InvoiceFilterForm(
        {
            "q": filters.number,
            "date_from": filters.period_from,
            "date_to": filters.period_to,
            "status": filters.status,
            "kind": filters.kind,
        },
        payers=Organisation.objects.none(),
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    invoices = form.apply(visible_invoices(scope), today=today)
    count = invoices.count()
    pages = max(1, -(-count // PAGE_SIZE))
    start = (filters.page - 1) * PAGE_SIZE
    rows = invoices[start : start + PAGE_SIZE]
    return {
        "count": count,
        "page": filters.page,
        "pages": pages,
        "results": [_out(invoice, scope, today) for invoice in rows],
    }


def _line(line) -> dict:
    return {
        "position": line.position,
        "kind": line.kind,
        "description": line.description,
        "billing_code": line.billing_code,
        "request_id": line.booking_id,
        "service_date": line.service_date,
        "modality": line.modality,
        "billed_minutes": line.billed_minutes,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": line.unit_price,
        "amount": line.amount,
        "vat_category": line.vat_category,
        "vat_rate": line.vat_rate,
    }


@router.get(
    "/invoices/{number}.pdf",
    response={200: None, **ERRORS},
    summary="The invoice as PDF (PDF/A-3 with its UBL inside)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def invoice_pdf(request, number: str = Number):
    """The PDF of an invoice or credit note the institution pays; 404 otherwise."""
    invoice = _whole(request, number)
    return _download(pdf.invoice_pdf(invoice), "application/pdf", f"{invoice.number}.pdf")


@router.get(
    "/invoices/{number}.xml",
    response={200: None, **ERRORS},
    summary="The invoice as Peppol BIS 3.0 UBL XML",
    openapi_extra={"responses": {200: {"content": {"application/xml": {}}}}},
)
def invoice_xml(request, number: str = Number):
    """The UBL 2.1 document of an invoice or credit note the institution pays; 404 otherwise."""
    invoice = _whole(request, number)
    return _download(ubl.invoice_xml(invoice), "application/xml", f"{invoice.number}.xml")


@router.get("/invoices/{number}", response={200: InvoiceDetail, **ERRORS}, summary="One invoice")
def get_invoice_detail(request, number: str = Number):
    """An invoice or credit note with its lines: all of them if the institution
    pays it, otherwise only those of its own requests."""
    scope = _scope(request)
    invoice = get_invoice(scope, number)
    return _out(invoice, scope, timezone.localdate()) | {
        "lines": [_line(line) for line in lines_of(scope, invoice)]
    }


def _whole(request, number: str) -> Invoice:
    scope = _scope(request)
    invoice = get_invoice(scope, number)
    if not scope.pays(invoice):
        raise Http404
    return invoice


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
