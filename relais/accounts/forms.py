from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relais.notifications.services import queue_email
from relais.organisations.models import Organisation

from .models import Language, Role, User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("This email address and password do not match an active account."),
        "inactive": _("This account is not active."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class RelaisPasswordResetForm(PasswordResetForm):
    """Password reset links go through the outbox, in the person's language."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        queue_email(
            to=to_email,
            template="password_reset",
            language=user.language,
            context={
                "user": user,
                "reset_url": settings.SITE_URL
                + reverse(
                    "accounts:password_reset_confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                ),
            },
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Required for requesters and organisation managers."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=Language.choices, initial=Language.FR
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # A manager invites people of their own institution only.
            del self.fields["organisation"]
            self.fields["role"].choices = [
                (Role.REQUESTER.value, Role.REQUESTER.label),
                (Role.MANAGER.value, Role.MANAGER.label),
            ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if (
            "organisation" in self.fields
            and role
            and Role(role).needs_organisation
            and not cleaned.get("organisation")
        ):
            self.add_error("organisation", _("Choose the institution of this person."))
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Full name"), "language": _("Preferred language")}
