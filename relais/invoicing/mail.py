"""Sending invoices by email: to the payer's invoicing address, with the PDF
and the UBL document attached, through the outbox (``queue_email``).

An invoice is emailed once issued — by the monthly job and by a coordinator's
run alike, after the invoice's own transaction has committed, by a worker
(``tasks.email_invoice``: a PDF takes about a second to render) — and again on
demand ("resend"): the same message, to the invoice's address or another one.
The coordinators get a report of each monthly run: how many were issued and
which payers were skipped, and why.
"""

from datetime import date

from django.conf import settings

from relais.notifications.services import queue_email

from .models import Invoice
from .payment import structured_communication

PDF = "application/pdf"
XML = "application/xml"


def attachments(invoice: Invoice) -> list[tuple[str, bytes, str]]:
    """The invoice as PDF and as UBL XML, named after its number."""
    # Imported here: WeasyPrint and lxml are heavy, and only sending needs them.
    from .pdf import invoice_pdf
    from .ubl import invoice_xml

    return [
        (f"{invoice.number}.pdf", invoice_pdf(invoice), PDF),
        (f"{invoice.number}.xml", invoice_xml(invoice), XML),
    ]


def send_invoice(invoice: Invoice, *, to: str | None = None) -> None:
    """Put the invoice's email in the outbox, in the payer's language."""
    queue_email(
        to=to or invoice.buyer_email,
        template="invoice_issued",
        context={
            "invoice": invoice,
            "communication": "" if invoice.is_credit_note else structured_communication(invoice),
        },
        language=invoice.language,
        attachments=attachments(invoice),
    )


def report_run(*, period_start: date, period_end: date, result, unsent: list[Invoice]) -> None:
    """Tell the operations team what the monthly run issued, what it skipped and why."""
    queue_email(
        to=settings.SERVICE_CONTACT_EMAIL,
        template="invoice_run_report",
        context={
            "period_start": period_start,
            "period_end": period_end,
            "invoices": result.invoices,
            "messages": result.messages,
            "unsent": unsent,
        },
        language=settings.LANGUAGE_CODE,
    )
