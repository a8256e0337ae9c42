from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.organisations.communes import commune_choices

from .models import (
    MAX_MINUTES_PER_DAY,
    MIN_MINUTES_PER_DAY,
    AbsenceKind,
    Language,
    LanguageLevel,
    Weekday,
)


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AbsenceKind.choices)


class LanguageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Language) -> str:
        return obj.name


class AddLanguageForm(forms.Form):
    language = LanguageChoiceField(label=_("Language"), queryset=Language.objects.none())
    level = forms.ChoiceField(
        label=_("Level"), choices=LanguageLevel.choices, initial=LanguageLevel.FLUENT
    )

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = (
            Language.objects.filter(is_active=True)
            .exclude(pk__in=profile.languages.values("language"))
            .order_by(Language.name_field())
        )


class ProfileForm(forms.Form):
    """What a coordinator sets on a profile; the service checks it again."""

    accepts_on_site = forms.BooleanField(label=_("On-site"), required=False)
    accepts_video = forms.BooleanField(label=_("Video"), required=False)
    accepts_permanence = forms.BooleanField(label=_("Standing shift"), required=False)
    accepts_phone = forms.BooleanField(label=_("Phone"), required=False)
    communes_served = forms.MultipleChoiceField(
        label=_("Communes served on site"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: the interpreter works remotely only."),
    )
    max_hours_per_day = forms.DecimalField(
        label=_("Maximum hours per day"),
        min_value=Decimal(MIN_MINUTES_PER_DAY) / 60,
        max_value=Decimal(MAX_MINUTES_PER_DAY) / 60,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "min_value": _("At least %(limit_value)s hour a day."),
            "max_value": _("At most %(limit_value)s hours a day."),
        },
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    is_active = forms.BooleanField(label=_("Active: may be proposed for requests"), required=False)
    notes = forms.CharField(
        label=_("Notes for coordinators"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by coordinators only. No health or personal details."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes_served"].choices = commune_choices()

    @classmethod
    def initial_for(cls, profile) -> dict:
        return {
            "accepts_on_site": profile.accepts_on_site,
            "accepts_video": profile.accepts_video,
            "accepts_permanence": profile.accepts_permanence,
            "accepts_phone": profile.accepts_phone,
            "communes_served": profile.communes_served,
            "max_hours_per_day": Decimal(profile.max_minutes_per_day) / 60,
            "phone": profile.phone,
            "is_active": profile.is_active,
            "notes": profile.notes,
        }

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["max_minutes_per_day"] = int(data.pop("max_hours_per_day") * 60)
        return data
