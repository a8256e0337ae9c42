"""The Factures tab: invoices of the person's institutions (being written)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def invoice_list(request):
    raise Http404


invoice_detail = invoice_pdf = invoice_xml = invoice_xlsx = invoice_list
