"""`manage.py invoice_run 2030-06`: what the month's run would issue, per
paying institution, and what stands in the way; with ``--issue``, issue it.
For the operations team until the Factures tab exists, and for scripts."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from relais.invoicing import services


def month(value: str) -> tuple[date, date]:
    try:
        first = date.fromisoformat(f"{value}-01")
    except ValueError:
        raise CommandError(f"Give the month as YYYY-MM, not {value!r}.") from None
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


class Command(BaseCommand):
    help = "Preview (or, with --issue, issue) the invoices of a month."

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--issue", action="store_true", help="issue the invoices")

    def handle(self, *args, **options):
        start, end = month(options["month"])
        if options["issue"]:
            try:
                result = services.issue_invoices(period_start=start, period_end=end)
            except ValidationError as refused:
                raise CommandError(" ".join(refused.messages)) from None
            for invoice in result.invoices:
                self.stdout.write(
                    f"{invoice.number}  {invoice.buyer_name}  {invoice.total_incl_vat} €"
                )
            for message in result.messages:
                self.stderr.write(message)
            return
        preview = services.preview_invoices(period_start=start, period_end=end)
        for draft in preview.payers:
            state = "" if draft.can_issue else "  (skipped)"
            self.stdout.write(
                f"{draft.payer.name}  {len(draft.lines)} lines  {draft.totals.incl_vat} €{state}"
            )
            for problem in draft.problems:
                self.stderr.write(f"  {problem}")
        for problem in preview.problems:
            self.stderr.write(problem)
