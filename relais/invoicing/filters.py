"""The filters of the Factures tab, read from the URL like those of "All requests"."""

from datetime import date

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import Organisation

from .models import Invoice
from .queries import overdue


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class InvoiceFilterForm(forms.Form):
    STATUSES = [
        ("", _("Any status")),
        ("unpaid", _("To pay")),
        ("overdue", _("Overdue")),
        ("paid", _("Paid")),
    ]
    KINDS = [("", _("Invoices and credit notes")), *Invoice.Kind.choices]

    q = forms.CharField(label=_("Number"), max_length=20, required=False)
    date_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Period to"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    payer = forms.ModelChoiceField(
        label=_("Paying institution"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Every institution"),
    )

    def __init__(self, data, *, payers: QuerySet[Organisation]):
        super().__init__(data)
        self.fields["payer"].queryset = payers.order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def apply(self, invoices: QuerySet[Invoice], *, today: date) -> QuerySet[Invoice]:
        """The invoices matching valid filters; none when a filter is wrong."""
        if not self.is_valid():
            return invoices.none()
        data = self.cleaned_data
        if data["q"]:
            invoices = invoices.filter(number__icontains=data["q"].strip())
        # An invoice is in the period when the months it bills meet it.
        if data["date_from"]:
            invoices = invoices.filter(period_end__gte=data["date_from"])
        if data["date_to"]:
            invoices = invoices.filter(period_start__lte=data["date_to"])
        if data["kind"]:
            invoices = invoices.filter(kind=data["kind"])
        if data.get("payer"):
            invoices = invoices.filter(payer=data["payer"])
        status = data["status"]
        if status == "paid":
            invoices = invoices.filter(status=Invoice.Status.PAID)
        elif status == "unpaid":
            invoices = invoices.filter(
                kind=Invoice.Kind.INVOICE,
                status=Invoice.Status.ISSUED,
                total_incl_vat__gt=F("credited"),
            )
        elif status == "overdue":
            invoices = overdue(invoices, today)
        return invoices
