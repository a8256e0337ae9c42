"""The monthly invoice run: on the first day of the month, early in the
morning, the previous month is invoiced. ``issue_invoices`` never bills a
service twice, so a retried or doubled run changes nothing.

Each invoice issued is emailed to its payer with its PDF and XML by a worker
(``email_invoice``), and the operations team gets a report: how many were
issued, which payers were skipped and why."""

import logging
from datetime import date, timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from relais.matching.engine import BRUSSELS

from . import mail, services
from .models import Invoice

logger = logging.getLogger(__name__)


def previous_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def invoice_previous_month(*, now=None) -> services.RunResult:
    now = timezone.now() if now is None else now
    start, end = previous_month(timezone.localtime(now, BRUSSELS).date())
    result = services.issue_invoices(period_start=start, period_end=end, by=None, now=now)
    for message in result.messages:
        logger.warning("Monthly invoice run %s: %s", f"{start:%Y-%m}", message)
    logger.info("Monthly invoice run %s: %d invoices", f"{start:%Y-%m}", len(result.invoices))
    unsent = email_issued(result.invoices)
    mail.report_run(period_start=start, period_end=end, result=result, unsent=unsent)
    return result


# 04:30 UTC: early morning in Brussels, summer and winter.
@db_periodic_task(crontab(day="1", hour="4", minute="30"))
def monthly_invoice_run():
    invoice_previous_month()


# A PDF takes about a second: a run of a hundred payers renders them in the
# workers, not in the coordinator's request. A failure is retried; the invoice
# stands whatever happens, and can be sent again from its page.
@db_task(retries=3, retry_delay=300)
def email_invoice(invoice_id: int) -> None:
    mail.send_invoice(Invoice.objects.get(pk=invoice_id))


def email_issued(invoices: list[Invoice]) -> list[Invoice]:
    """Email each newly issued (and committed) document to its payer; return
    those that have no invoicing address, to be sent by hand."""
    unsent = []
    for invoice in invoices:
        if invoice.buyer_email:
            email_invoice(invoice.pk)
        else:
            unsent.append(invoice)
    return unsent
