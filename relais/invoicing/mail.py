"""Sending invoices by email: to the payer's invoicing address, with the PDF
and the UBL document attached, through the outbox (``queue_email``).

An invoice is emailed once issued — by the monthly job and by a coordinator's
run alike, after the invoice's own transaction has committed — and again on
demand ("resend"): the same message, to the invoice's address or another one.
The coordinators get a report of each monthly run: how many were issued and
which payers were skipped, and why.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from relais.notifications.services import queue_email

from .models import Invoice
from .payment import structured_communication

logger = logging.getLogger(__name__)

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


@dataclass
class Sending:
    """Which issued invoices went to the outbox, and which could not."""

    sent: list[Invoice] = field(default_factory=list)
    unsent: list[Invoice] = field(default_factory=list)


def send_issued(invoices: list[Invoice]) -> Sending:
    """Email each newly issued invoice to its payer. The invoices stand however
    this goes: one that can't be sent (no address, a document that fails to
    render) is listed, to be sent again from its page."""
    sending = Sending()
    for invoice in invoices:
        if not invoice.buyer_email:
            sending.unsent.append(invoice)
            continue
        try:
            send_invoice(invoice)
        except Exception:  # the document failed to render: the invoice stands, say so
            logger.exception("Invoice %s could not be emailed", invoice.number)
            sending.unsent.append(invoice)
        else:
            sending.sent.append(invoice)
    return sending


def report_run(*, period_start: date, period_end: date, result, sending: Sending) -> None:
    """Tell the operations team what the monthly run issued, what it skipped and why."""
    queue_email(
        to=settings.SERVICE_CONTACT_EMAIL,
        template="invoice_run_report",
        context={
            "period_start": period_start,
            "period_end": period_end,
            "invoices": result.invoices,
            "messages": result.messages,
            "unsent": sending.unsent,
        },
        language=settings.LANGUAGE_CODE,
    )
