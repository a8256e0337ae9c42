from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BookingEvent


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
