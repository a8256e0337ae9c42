from django import forms
from django.utils.translation import gettext_lazy as _

from .communes import commune_for_postcode
from .models import Place


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "street", "postcode", "commune", "access_notes"]
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The commune follows from a Brussels postcode when left empty (see save_place).
        self.fields["commune"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("commune") and cleaned.get("postcode"):
            cleaned["commune"] = commune_for_postcode(cleaned["postcode"]) or ""
            if not cleaned["commune"]:
                self.add_error("commune", _("Enter the commune."))
        return cleaned
