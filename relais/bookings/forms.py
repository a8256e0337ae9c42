"""Forms of the request wizard's steps and of the coordinators' decisions.

Each wizard step form checks the shape of what it is given (types, and choices
scoped to the requester's institution, so a tampered value is refused); the
rules about the request as a whole are ``Booking.clean``'s, which the wizard
runs on the draft before saving a step (``wizard.py``).
"""

from datetime import UTC, datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from relais.interpreters.forms import LanguageChoiceField
from relais.interpreters.models import Language, Modality
from relais.matching.alternatives import default_opening
from relais.matching.engine import BRUSSELS
from relais.organisations.models import BillingCode, Organisation, Place

from .models import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Booking,
    BookingEvent,
    BookingSeries,
    PhoneCaller,
)
from .recurrence import MAX_OCCURRENCES, occurrences

# The seed's names of the four types of service, as the wizard offers them.
TYPE_CHOICES = [
    (Modality.ON_SITE, _("On-site visit")),
    (Modality.VIDEO, _("Video conference")),
    (Modality.PERMANENCE, _("Standing shift")),
    (Modality.PHONE, _("Phone booking")),
]
TYPE_HELP = {
    Modality.ON_SITE: _("The interpreter comes to your premises or another place."),
    Modality.VIDEO: _("The interpreter joins a video meeting."),
    Modality.PERMANENCE: _(
        "An interpreter is present for a few hours, once or recurring, for several people."
    ),
    Modality.PHONE: _("The interpreter calls or is called at the time agreed."),
}
NEW_PLACE = "new"


def _duration_label(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


DURATION_CHOICES = [
    (minutes, _duration_label(minutes))
    for minutes in range(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES + 1, 15)
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__({"step": 900, **(attrs or {})}, format="%H:%M")


def _instant(day, wall_time) -> datetime:
    """A Brussels date and wall time as a UTC instant."""
    return datetime.combine(day, wall_time, BRUSSELS).astimezone(UTC)


def type_options(form) -> list:
    """Each type of service of a form's ``modality`` field, with the line that explains it."""
    return [(choice, TYPE_HELP[choice.data["value"]]) for choice in form["modality"]]


class TypeForm(forms.Form):
    modality = forms.ChoiceField(
        label=_("Type of service"),
        choices=TYPE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of service.")},
    )


class StartForm(TypeForm):
    """The first step: the type, and the institution when the person belongs to several."""

    organisation = forms.ModelChoiceField(
        label=_("For which institution?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )

    field_order = ["organisation", "modality"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            # Nothing to choose: nothing to post (or to tamper with).
            del self.fields["organisation"]
            self.only_organisation = organisations.get()

    def clean(self):
        cleaned = super().clean()
        if "organisation" not in self.fields:
            cleaned["organisation"] = self.only_organisation
        return cleaned


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class BillingCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BillingCode) -> str:
        return f"{obj.code} — {obj.label}"


class WhoForm(forms.Form):
    billing_code = BillingCodeChoiceField(
        label=_("Billing code"),
        queryset=BillingCode.objects.none(),
        error_messages={"required": _("Choose the billing code.")},
    )
    contact = MemberChoiceField(
        label=_("Contact person"),
        queryset=get_user_model().objects.none(),
        empty_label=None,
        help_text=_(
            "Who introduces the request and receives the emails about it: "
            "not necessarily the person who receives the interpreter."
        ),
    )
    internal_reference = forms.CharField(
        label=_("Internal reference"),
        required=False,
        max_length=Booking._meta.get_field("internal_reference").max_length,
        help_text=Booking._meta.get_field("internal_reference").help_text,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        codes = organisation.billing_codes.filter(is_active=True).order_by("code")
        self.fields["billing_code"].queryset = codes
        if len(codes) == 1:
            self.fields["billing_code"].empty_label = None
        self.fields["contact"].queryset = get_user_model().objects.filter(
            memberships__organisation=organisation, memberships__is_active=True, is_active=True
        )


class LanguageForm(forms.Form):
    language = LanguageChoiceField(
        label=_("Language"),
        queryset=Language.objects.none(),
        error_messages={
            "required": _("Choose the language."),
            "invalid_choice": _("Choose a language from the list."),
        },
    )
    alt_language = LanguageChoiceField(
        label=_("Alternative language"),
        queryset=Language.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Another language the person speaks, if no interpreter is free for the first."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = Language.objects.filter(is_active=True).order_by(Language.name_field())
        self.fields["language"].queryset = languages
        self.fields["alt_language"].queryset = languages


class WhenForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=DateInput, error_messages={"required": _("Give the date.")}
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=TimeInput,
        error_messages={"required": _("Give the start time.")},
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=60
    )
    alt_date = forms.DateField(
        label=_("Alternative date"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: another day that suits you, in case nobody is free on the first."),
    )
    alt_time = forms.TimeField(
        label=_("Alternative start time"),
        required=False,
        widget=TimeInput,
        help_text=_("Empty: the same start time."),
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        required=False,
        choices=[("", _("Once")), *BookingSeries.Frequency.choices],
    )
    repeat_until = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, *args, recurring: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not recurring:
            del self.fields["repeat"]
            del self.fields["repeat_until"]
        self.occurrences = None

    def clean(self):
        cleaned = super().clean()
        day, wall_time = cleaned.get("date"), cleaned.get("start_time")
        if day is None or wall_time is None:
            return cleaned
        cleaned["start"] = _instant(day, wall_time)
        alt_date, alt_time = cleaned.get("alt_date"), cleaned.get("alt_time")
        if alt_time is not None and alt_date is None:
            self.add_error("alt_date", _("Give the alternative date, or leave its time empty."))
        cleaned["alt_start"] = _instant(alt_date, alt_time or wall_time) if alt_date else None
        repeat, until = cleaned.get("repeat"), cleaned.get("repeat_until")
        if repeat:
            if until is None:
                self.add_error("repeat_until", _("Give the date of the last occurrence."))
            elif until <= day:
                self.add_error("repeat_until", _("The series must end after its first day."))
            else:
                self.occurrences = occurrences(cleaned["start"], repeat, until, default_opening())
                if self.occurrences.too_many:
                    self.add_error(
                        "repeat_until",
                        _("A series has at most %(max)d occurrences: choose an earlier end date.")
                        % {"max": MAX_OCCURRENCES},
                    )
        return cleaned


class PlaceChoiceForm(forms.Form):
    """Where an on-site service or a shift takes place, and who receives the interpreter."""

    place = forms.ChoiceField(
        label=_("Place of service"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the place of service.")},
    )
    onsite_contact_name = forms.CharField(
        label=_("Person who receives the interpreter"),
        max_length=Booking._meta.get_field("onsite_contact_name").max_length,
        help_text=_("A colleague on site, not the person you serve."),
        error_messages={"required": _("Give the name of the person who receives the interpreter.")},
    )
    onsite_contact_phone = forms.CharField(
        label=_("Their phone number"),
        max_length=Booking._meta.get_field("onsite_contact_phone").max_length,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "required": _("Give the phone number of the person who receives the interpreter.")
        },
    )
    expected_people = forms.IntegerField(
        label=_("Expected number of people"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Optional: how many people the interpreter may help during the shift."),
    )
    note_for_interpreter = forms.CharField(
        label=_("Note for the interpreter"),
        required=False,
        max_length=Booking._meta.get_field("note_for_interpreter").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Booking._meta.get_field("note_for_interpreter").help_text,
    )

    def __init__(self, *args, places: list[Place], permanence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(str(place.pk), place) for place in places] + [
            (NEW_PLACE, _("Another place, not registered yet"))
        ]
        if not permanence:
            del self.fields["expected_people"]


class VideoForm(forms.Form):
    video_link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=Booking._meta.get_field("video_link").max_length,
        assume_scheme="https",
        help_text=_("The address of the video meeting (Teams, Zoom, Jitsi…)."),
    )
    video_link_later = forms.BooleanField(label=_("I will send the link later"), required=False)
    note_for_interpreter = PlaceChoiceForm.base_fields["note_for_interpreter"]


class PhoneForm(forms.Form):
    phone_number = forms.CharField(
        label=_("Number to call"),
        max_length=Booking._meta.get_field("phone_number").max_length,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("Give the number to call.")},
    )
    phone_who_calls = forms.ChoiceField(
        label=_("Who calls whom?"),
        choices=PhoneCaller.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who calls whom.")},
    )
    note_for_interpreter = PlaceChoiceForm.base_fields["note_for_interpreter"]


class AlternativeForm(forms.Form):
    """The alternative the requester picks on the analysis page, as the page
    offered it; the view accepts it only if a fresh analysis still offers it."""

    choice = forms.CharField(
        max_length=120, error_messages={"required": _("Choose one of the possibilities.")}
    )


class ConfirmForm(forms.Form):
    """The interpreter to confirm: the held one when none is chosen."""

    interpreter = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the request declined?"),
        max_length=BookingEvent._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The contact person receives this reason by email."),
        error_messages={"required": _("Say why the request is declined.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=BookingEvent._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The interpreter and the operations team read it. No personal details."),
        error_messages={"required": _("Say why the request is cancelled.")},
    )
    waive_charge = forms.BooleanField(
        label=_("Do not bill this late cancellation (the service cancels)"), required=False
    )

    def __init__(self, *args, coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not coordinator:
            del self.fields["waive_charge"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        max_length=BookingEvent._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The operations team reads it; the institution only learns that "
            "the interpreter changes."
        ),
        error_messages={"required": _("Say why the interpreter withdraws.")},
    )


class ChangeForm(forms.Form):
    """Everything of a submitted request that its institution may still change,
    on one page: the type, when, the language, and the details of the type."""

    modality = TypeForm.base_fields["modality"]
    date = WhenForm.base_fields["date"]
    start_time = WhenForm.base_fields["start_time"]
    duration_minutes = WhenForm.base_fields["duration_minutes"]
    language = LanguageForm.base_fields["language"]
    alt_language = LanguageForm.base_fields["alt_language"]
    place = forms.ModelChoiceField(
        label=_("Place of service"), queryset=Place.objects.none(), required=False
    )
    onsite_contact_name = forms.CharField(
        label=_("Person who receives the interpreter"),
        max_length=Booking._meta.get_field("onsite_contact_name").max_length,
        required=False,
    )
    onsite_contact_phone = forms.CharField(
        label=_("Their phone number"),
        max_length=Booking._meta.get_field("onsite_contact_phone").max_length,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    video_link = VideoForm.base_fields["video_link"]
    video_link_later = VideoForm.base_fields["video_link_later"]
    phone_number = forms.CharField(
        label=_("Number to call"),
        max_length=Booking._meta.get_field("phone_number").max_length,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    phone_who_calls = forms.ChoiceField(
        label=_("Who calls whom?"),
        choices=[("", "—"), *PhoneCaller.choices],
        required=False,
    )
    note_for_interpreter = PlaceChoiceForm.base_fields["note_for_interpreter"]

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        languages = Language.objects.filter(is_active=True).order_by(Language.name_field())
        self.fields["language"].queryset = languages
        self.fields["alt_language"].queryset = languages
        self.fields["place"].queryset = booking.organisation.places.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        day, wall_time = cleaned.get("date"), cleaned.get("start_time")
        if day is not None and wall_time is not None:
            cleaned["start"] = _instant(day, wall_time)
        return cleaned

    def values(self) -> dict:
        """The booking's fields as the form says (the request's rules are the service's)."""
        cleaned = self.cleaned_data
        fields = [
            "modality",
            "start",
            "duration_minutes",
            "language",
            "alt_language",
            "place",
            "onsite_contact_name",
            "onsite_contact_phone",
            "video_link",
            "video_link_later",
            "phone_number",
            "phone_who_calls",
            "note_for_interpreter",
        ]
        values = {field: cleaned[field] for field in fields}
        at_a_place = values["modality"] in {Modality.ON_SITE, Modality.PERMANENCE}
        if not at_a_place:
            values |= {"place": None, "onsite_contact_name": "", "onsite_contact_phone": ""}
        if values["modality"] != Modality.VIDEO:
            values |= {"video_link": "", "video_link_later": False}
        elif values["video_link"]:
            values["video_link_later"] = False
        if values["modality"] != Modality.PHONE:
            values |= {"phone_number": "", "phone_who_calls": ""}
        return values
