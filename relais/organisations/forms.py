from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .communes import commune_for_postcode
from .models import Place, validate_postcode


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "street", "postcode", "commune", "access_notes"]
        widgets = {
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The commune follows from a Brussels postcode when left empty (see save_place).
        self.fields["commune"].required = False

    def clean(self):
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        if not cleaned.get("commune") and postcode:
            cleaned["commune"] = (
                commune_for_postcode(postcode, self.instance.organisation.language) or ""
            )
            # A wrong postcode gets its own error; asking for the commune too would mislead.
            if not cleaned["commune"] and _is_postcode(postcode):
                self.add_error("commune", _("Enter the commune."))
        return cleaned


def _is_postcode(value: str) -> bool:
    try:
        validate_postcode(value)
    except ValidationError:
        return False
    return True
