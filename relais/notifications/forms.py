from django import forms

from .kinds import KINDS


class PreferencesForm(forms.Form):
    """One checkbox per optional kind of message: also by email, or only in the portal."""

    def __init__(self, *args, muted: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, spec in KINDS.items():
            if not spec.mandatory:
                self.fields[kind] = forms.BooleanField(
                    label=spec.label, required=False, initial=kind not in muted
                )

    def muted(self) -> set[str]:
        return {kind for kind, by_email in self.cleaned_data.items() if not by_email}
