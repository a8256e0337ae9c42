from datetime import UTC, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.bookings.forms import TimeInput as QuarterHourInput
from relais.matching.engine import BRUSSELS

from .models import ServiceRecord
from .services import RESOLUTIONS


class TimeInput(QuarterHourInput):
    """Recorded times are to the minute, not the quarter hour of a booking."""

    def __init__(self, attrs=None):
        super().__init__({"step": 60, **(attrs or {})})


def _on_day(day, wall_time):
    """A wall time on the service's Brussels day, as a UTC instant."""
    if wall_time is None:
        return None
    return datetime.combine(day, wall_time, BRUSSELS).astimezone(UTC)


class RecordForm(forms.Form):
    """What the interpreter records; times are on the service's day."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ServiceRecord.Outcome.choices,
        widget=forms.RadioSelect,
        initial=ServiceRecord.Outcome.PERFORMED,
    )
    not_performed_reason = forms.ChoiceField(
        label=_("Why not performed"),
        choices=[("", "—"), *ServiceRecord.Reason.choices],
        required=False,
    )
    arrived_at = forms.TimeField(label=_("Arrival on site"), required=False, widget=TimeInput)
    started_at = forms.TimeField(label=_("Start"), required=False, widget=TimeInput)
    ended_at = forms.TimeField(label=_("End"), required=False, widget=TimeInput)
    services_count = forms.IntegerField(
        label=_("Services performed"),
        required=False,
        min_value=0,
        max_value=200,
        help_text=_("For a standing shift: how many people you helped."),
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No name or personal detail of the person you interpreted for."),
    )

    def __init__(self, *args, day, permanence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        if not permanence:
            del self.fields["services_count"]

    def values(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "outcome": cleaned["outcome"],
            "not_performed_reason": cleaned["not_performed_reason"],
            "arrived_at": _on_day(self.day, cleaned["arrived_at"]),
            "started_at": _on_day(self.day, cleaned["started_at"]),
            "ended_at": _on_day(self.day, cleaned["ended_at"]),
            "services_count": cleaned.get("services_count"),
            "comments": cleaned["comments"],
        }


class ContestForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is wrong with the record.")},
    )
    started_at = forms.TimeField(label=_("Start you propose"), required=False, widget=TimeInput)
    ended_at = forms.TimeField(label=_("End you propose"), required=False, widget=TimeInput)
    services_count = forms.IntegerField(
        label=_("Number of services you propose"), required=False, min_value=0, max_value=200
    )

    def __init__(self, *args, day, permanence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        if not permanence:
            del self.fields["services_count"]

    def proposed(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "started_at": _on_day(self.day, cleaned["started_at"]),
            "ended_at": _on_day(self.day, cleaned["ended_at"]),
            "services_count": cleaned.get("services_count"),
        }


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=list(
            zip(
                RESOLUTIONS,
                [
                    _("Accept the institution's correction"),
                    _("Keep the interpreter's record"),
                    _("Other values"),
                ],
                strict=True,
            )
        ),
        widget=forms.RadioSelect,
    )
    started_at = forms.TimeField(label=_("Start"), required=False, widget=TimeInput)
    ended_at = forms.TimeField(label=_("End"), required=False, widget=TimeInput)
    services_count = forms.IntegerField(
        label=_("Services performed"), required=False, min_value=0, max_value=200
    )
    comment = forms.CharField(
        label=_("Comment to both parties"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Explain the decision.")},
    )

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    def values(self) -> dict:
        cleaned = self.cleaned_data
        values = {}
        for field in ("started_at", "ended_at"):
            if cleaned[field] is not None:
                values[field] = _on_day(self.day, cleaned[field])
        if cleaned["services_count"] is not None:
            values["services_count"] = cleaned["services_count"]
        return values


class CorrectForm(forms.Form):
    started_at = forms.TimeField(label=_("Start"), required=False, widget=TimeInput)
    ended_at = forms.TimeField(label=_("End"), required=False, widget=TimeInput)
    services_count = forms.IntegerField(
        label=_("Services performed"), required=False, min_value=0, max_value=200
    )
    reason = forms.CharField(
        label=_("Why is the record corrected?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the record is corrected.")},
    )

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    values = ResolveForm.values
