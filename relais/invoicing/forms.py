"""The coordinators' invoicing forms: the month of a run, a payment, a credit
note, sending again, a tariff. The services judge last (``add_validation_error``
puts their word on the form); these forms catch what can be said before."""

import re
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from relais.bookings.forms import DateInput

from .models import Invoice, InvoiceLine, Tariff


def month_bounds(value: str) -> tuple[date, date] | None:
    """``2030-06`` → (1 June 2030, 30 June 2030); None if it is not a month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2999 and 1 <= month <= 12):
        return None
    start = date(year, month, 1)
    end = (start + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return start, end


def last_month(today: date) -> str:
    end = today.replace(day=1) - timedelta(days=1)
    return f"{end:%Y-%m}"


class RunForm(forms.Form):
    """The month to invoice: one that is over."""

    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2030-06"}),
        help_text=_(
            "A month that is over. The run bills every validated service up to its last day "
            "that is not invoiced yet, earlier ones included."
        ),
        error_messages={"required": _("Choose the month to invoice.")},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_month(self) -> tuple[date, date]:
        bounds = month_bounds(self.cleaned_data["month"])
        if bounds is None:
            raise ValidationError(_("Enter a month such as 2030-06."))
        if bounds[1] >= self.today:
            raise ValidationError(
                _("The period is not over yet: it can be invoiced from %(day)s.")
                % {"day": (bounds[1] + timedelta(days=1)).strftime("%d/%m/%Y")}
            )
        return bounds


class PaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=DateInput,
        help_text=_("The day the payment reached the account."),
        error_messages={"required": _("Give the day of the payment.")},
    )

    def __init__(self, *args, invoice: Invoice, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice
        self.today = today

    def clean_paid_on(self) -> date:
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > self.today:
            raise ValidationError(_("A payment cannot be dated in the future."))
        if paid_on < self.invoice.issue_date:
            raise ValidationError(
                _("A payment cannot come before the invoice was issued (%(day)s).")
                % {"day": date_format(self.invoice.issue_date, "SHORT_DATE_FORMAT")}
            )
        return paid_on


class LineChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, line: InvoiceLine) -> str:
        day = date_format(line.service_date, "SHORT_DATE_FORMAT") if line.service_date else ""
        amount = f"{number_format(line.amount, 2)} €"
        parts = (f"{line.position}. {line.description}", day, amount)
        return " — ".join(part for part in parts if part)


class CreditNoteForm(forms.Form):
    """In full, some lines, or an amount excluding VAT; always with a reason."""

    FULL, LINES, AMOUNT = "full", "lines", "amount"

    what = forms.ChoiceField(
        label=_("What to credit"),
        choices=[
            (FULL, _("The whole invoice (what remains of it)")),
            (LINES, _("Some lines")),
            (AMOUNT, _("An amount excluding VAT")),
        ],
        initial=FULL,
        widget=forms.RadioSelect,
    )
    lines = LineChoice(
        label=_("Lines to credit"),
        queryset=InvoiceLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount = forms.DecimalField(
        label=_("Amount excluding VAT (€)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the credit note and sent to the institution."),
        error_messages={"required": _("Say why the invoice is credited.")},
    )

    def __init__(self, *args, invoice: Invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice
        # The lines not credited yet.
        self.fields["lines"].queryset = invoice.lines.filter(credits__isnull=True).order_by(
            "position"
        )

    def clean(self):
        cleaned = super().clean()
        what = cleaned.get("what")
        if what == self.LINES and not cleaned.get("lines"):
            self.add_error("lines", _("Choose the lines to credit."))
        if what == self.AMOUNT and cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount to credit."))
        return cleaned

    def service_arguments(self) -> dict:
        """What ``issue_credit_note`` takes besides the invoice and who."""
        cleaned = self.cleaned_data
        arguments = {"reason": cleaned["reason"]}
        if cleaned["what"] == self.LINES:
            arguments["lines"] = list(cleaned["lines"])
        elif cleaned["what"] == self.AMOUNT:
            arguments["amount"] = cleaned["amount"]
        return arguments


class SendForm(forms.Form):
    to = forms.EmailField(
        label=_("Send to"),
        help_text=_("The institution's invoicing address, or another one."),
        error_messages={"required": _("Give the address to send it to.")},
    )


class TariffForm(forms.ModelForm):
    """A tariff version; ``Tariff.clean`` says when periods overlap."""

    class Meta:
        model = Tariff
        fields = [
            "modality",
            "valid_from",
            "valid_until",
            "hourly_rate",
            "minimum_minutes",
            "increment_minutes",
            "travel_fee",
            "shift_rate",
            "shift_service_rate",
            "late_cancellation_charge",
            "vat_category",
            "vat_rate",
            "vat_exemption_reason",
            "vat_exemption_reason_nl",
            "vat_exemption_reason_en",
        ]
        widgets = {"valid_from": DateInput, "valid_until": DateInput}
