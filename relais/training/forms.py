from datetime import UTC, datetime

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from relais.bookings.forms import DateInput, TimeInput
from relais.matching.engine import BRUSSELS
from relais.organisations.models import Organisation

from .models import (
    MAX_DURATION_MINUTES,
    MAX_SEATS,
    MIN_DURATION_MINUTES,
    SessionLanguage,
    TrainingRequest,
    TrainingSession,
    Venue,
    duration_label,
)

# Lazy: the labels are read in the language of the page that shows them.
DURATION_CHOICES = [
    (minutes, lazy(duration_label, str)(minutes))
    for minutes in range(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES + 1, 30)
]


class SessionForm(forms.Form):
    """A coordinator plans a session; the rules (in the future, enough seats for
    the people registered) are the service's."""

    date = forms.DateField(
        label=_("Date"), widget=DateInput, error_messages={"required": _("Give the date.")}
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=TimeInput,
        error_messages={"required": _("Give the start time.")},
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=120
    )
    language = forms.ChoiceField(
        label=_("Language of the session"),
        choices=SessionLanguage.choices,
        widget=forms.RadioSelect,
        initial=SessionLanguage.FR,
    )
    venue = forms.ChoiceField(
        label=_("Place"), choices=Venue.choices, widget=forms.RadioSelect, initial=Venue.PREMISES
    )
    institution = forms.ModelChoiceField(
        label=_("Institution visited"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("Only for a session at an institution's premises: only its members see it."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        error_messages={"required": _("Give the address.")},
        help_text=_("Street, number, postcode and commune; a room or floor if useful."),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_SEATS, initial=12)
    description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the session covers, who it is for."),
    )

    @classmethod
    def initial_for(cls, session: TrainingSession) -> dict:
        start = session.start.astimezone(BRUSSELS)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "duration_minutes": session.duration_minutes,
            "language": session.language,
            "venue": session.venue,
            "institution": session.institution,
            "address": session.address,
            "seats": session.seats,
            "description": session.description,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("venue") == Venue.INSTITUTION and not cleaned.get("institution"):
            self.add_error("institution", _("Choose the institution visited."))
        if cleaned.get("venue") == Venue.PREMISES:
            cleaned["institution"] = None
        return cleaned

    def values(self) -> dict:
        cleaned = self.cleaned_data
        start = datetime.combine(cleaned["date"], cleaned["start_time"], BRUSSELS).astimezone(UTC)
        return {
            "start": start,
            "duration_minutes": cleaned["duration_minutes"],
            "language": cleaned["language"],
            "venue": cleaned["venue"],
            "institution": cleaned["institution"],
            "address": cleaned["address"],
            "seats": cleaned["seats"],
            "description": cleaned["description"],
        }


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the people registered"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegisterForm(forms.Form):
    """The institution a person registers for. Any id is accepted here: the
    service refuses, in words, an institution that is not theirs."""

    organisation = forms.IntegerField(min_value=1)

    def organisation_or_none(self) -> Organisation | None:
        return Organisation.objects.filter(pk=self.cleaned_data["organisation"]).first()


class TrainingRequestForm(forms.ModelForm):
    """ "Request a session at your premises"."""

    organisation = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("You can only ask for an institution you belong to.")},
    )

    people = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=MAX_SEATS)

    class Meta:
        model = TrainingRequest
        fields = ["organisation", "preferred_period", "people", "note"]
        help_texts = {
            "preferred_period": _("For example: a Tuesday morning in March."),
            "note": _("Anything that helps us prepare: your teams, what they need."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
