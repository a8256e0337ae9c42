"""The filters of "All requests" and of the statistics, read from the URL.

Every choice is limited to what the person may see: a billing code, place,
contact or institution of someone else is "not one of the choices", never a
way to someone else's rows.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.bookings.models import Booking
from relais.interpreters.models import Language, Modality
from relais.organisations.models import BillingCode, Organisation, Place

# The columns "All requests" sorts on: URL name → order_by fields. The primary key
# breaks ties, so that pages never repeat or skip a row.
SORTS = {
    "start": ("start", "pk"),
    "number": ("pk",),
    "type": ("modality", "start", "pk"),
    "language": ("{language}", "start", "pk"),
    "institution": ("organisation__name", "start", "pk"),
    "billing_code": ("billing_code__code", "start", "pk"),
    "contact": ("contact__full_name", "start", "pk"),
    "duration": ("duration_minutes", "start", "pk"),
    "status": ("status", "start", "pk"),
    "submitted": ("submitted_at", "pk"),
    "reference": ("internal_reference", "start", "pk"),
}


class Period(forms.TextInput):
    input_type = "date"


def _sort_choices():
    choices = []
    for name in SORTS:
        choices += [(name, name), (f"-{name}", f"-{name}")]
    return choices


class RequestFilterForm(forms.Form):
    """The filters of "All requests"; an empty form shows everything, newest first."""

    PERIODS = [
        ("", _("Any date")),
        ("today", _("Today")),
        ("upcoming", _("Upcoming")),
        ("past", _("Past")),
    ]

    q = forms.CharField(label=_("Internal reference or number"), max_length=50, required=False)
    period = forms.ChoiceField(label=_("When"), choices=PERIODS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=Period())
    date_to = forms.DateField(label=_("To"), required=False, widget=Period())
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Type of service"), required=False)
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Institution"), queryset=Organisation.objects.none(), required=False
    )
    billing_code = forms.ModelChoiceField(
        label=_("Billing code"), queryset=BillingCode.objects.none(), required=False
    )
    contact = forms.ModelChoiceField(label=_("Contact person"), queryset=None, required=False)
    place = forms.ModelChoiceField(
        label=_("Place of service"), queryset=Place.objects.none(), required=False
    )
    sort = forms.ChoiceField(label=_("Order"), choices=_sort_choices(), required=False)

    def __init__(self, data, *, organisations, contacts, **kwargs):
        # Only the filters someone filled in count: "?status=" is no filter.
        data = {key: value for key, value in data.items() if value.strip()}
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + [
            (value, label)
            for value, label in Booking.Status.choices
            if value != Booking.Status.DRAFT
        ]
        self.fields["type"].choices = [("", _("Any type")), *Modality.choices]
        name = Language.name_field()
        self.fields["language"].queryset = Language.objects.order_by(name)
        self.fields["language"].empty_label = _("Any language")
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Every institution")
        self.fields["billing_code"].queryset = BillingCode.objects.filter(
            organisations__in=organisations
        ).distinct()
        self.fields["billing_code"].empty_label = _("Every billing code")
        self.fields["billing_code"].label_from_instance = lambda code: f"{code.code} — {code.label}"
        self.fields["contact"].queryset = contacts
        self.fields["contact"].empty_label = _("Everyone")
        self.fields["contact"].label_from_instance = lambda user: user.get_full_name()
        self.fields["place"].queryset = Place.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        self.fields["place"].empty_label = _("Every place")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period comes before its start."))
        for name in ("date_from", "date_to"):
            value = data.get(name)
            if value and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
                self.add_error(name, _("Enter a date between 2000 and 2100."))
        return data


class Month(forms.DateInput):
    input_type = "month"
    format = "%Y-%m"


# A page of figures covers at most this many months (three years).
MAX_MONTHS = 36


class StatisticsForm(forms.Form):
    """The period and scope of "Infos et statistiques"; months as YYYY-MM."""

    month_from = forms.DateField(label=_("From"), input_formats=["%Y-%m"], widget=Month())
    month_to = forms.DateField(label=_("To"), input_formats=["%Y-%m"], widget=Month())
    organisation = forms.ModelChoiceField(
        label=_("Institution"), queryset=Organisation.objects.none(), required=False
    )
    billing_code = forms.ModelChoiceField(
        label=_("Billing code"), queryset=BillingCode.objects.none(), required=False
    )

    def __init__(self, data, *, organisations, today: date, **kwargs):
        data = {key: value for key, value in data.items() if value.strip()}
        last = today.replace(day=1)
        # Twelve months with this one: eleven months back.
        months = last.year * 12 + last.month - 1 - 11
        first = date(months // 12, months % 12 + 1, 1)
        data.setdefault("month_from", f"{first:%Y-%m}")
        data.setdefault("month_to", f"{last:%Y-%m}")
        super().__init__(data, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Every institution")
        self.fields["billing_code"].queryset = BillingCode.objects.filter(
            organisations__in=organisations
        ).distinct()
        self.fields["billing_code"].empty_label = _("Every billing code")
        self.fields["billing_code"].label_from_instance = lambda code: f"{code.code} — {code.label}"

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if last < first:
                self.add_error("month_to", _("The end of the period comes before its start."))
            elif (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
                self.add_error(
                    "month_to", _("Choose a period of at most %(n)s months.") % {"n": MAX_MONTHS}
                )
            elif first.year < 2000 or last.year > 2100:
                self.add_error("month_from", _("Enter a date between 2000 and 2100."))
        return data
