from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.lib.forms import add_validation_error

from . import services
from .forms import InvitationForm, ProfileForm
from .middleware import remember_language


def activate(request, token):
    """The activation link of an invitation: choose a password, land on the portal."""
    try:
        invitation = services.check_invitation_token(token)
    except services.InvitationLinkError as error:
        return render(
            request,
            "accounts/activation_problem.html",
            {"reason": error.reason, "invitation": error.invitation, "token": token},
            status=404 if error.reason == "invalid" else 410,
        )
    user = invitation.user
    form = SetPasswordForm(user, request.POST or None) if user.is_pending else None
    if request.method == "POST" and (form is None or form.is_valid()):
        password = form.cleaned_data["new_password1"] if form else None
        try:
            user = services.accept_invitation(invitation=invitation, password=password)
        except services.InvitationLinkError:
            return render(
                request,
                "accounts/activation_problem.html",
                {"reason": "used", "invitation": invitation, "token": token},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if invitation.organisation:
            messages.success(
                request,
                _("Welcome! You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("organisations:detail", pk=invitation.organisation_id)
        messages.success(request, _("Welcome! Your account is active."))
        return redirect("home")
    return render(
        request,
        "accounts/activate.html",
        {"invitation": invitation, "form": form, "account": user},
    )


@require_POST
def renew_invitation(request, token):
    """From an expired link: send a fresh one to the same address."""
    try:
        services.check_invitation_token(token)
    except services.InvitationLinkError as error:
        if error.reason != "expired":
            raise Http404 from None
        try:
            renewed = services.renew_invitation(invitation=error.invitation)
        except services.InvitationLinkError:  # renewed or accepted meanwhile
            raise Http404 from None
        return render(request, "accounts/invitation_renewed.html", {"invitation": renewed})
    return redirect("accounts:activate", token=token)


@login_required
def invite(request):
    """Coordinators invite anyone: interpreters, coordinators, institution members."""
    if not services.is_coordinator(request.user):
        raise Http404
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and send_invitation_form(request, form):
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


def send_invitation_form(request, form: InvitationForm, organisation=None) -> bool:
    """Invite from a posted form; True once sent, else the form carries the errors."""
    if not form.is_valid():
        return False
    fields = {**form.cleaned_data}
    if organisation is not None:
        fields["organisation"] = organisation
    try:
        invitation = services.invite_user(invited_by=request.user, **fields)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    messages.success(
        request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
    )
    return True


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, **form.cleaned_data)
        with translation.override(request.user.language):  # the language just chosen
            messages.success(request, _("Your preferences are saved."))
        response = redirect("accounts:profile")
        remember_language(response, request.user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """The language switcher: remembered on the person and in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.set_user_language(user=request.user, language=language)
    remember_language(response, language)
    return response


def csrf_failure(request, reason=""):
    """A form sent without its security token: a clear page, nothing saved."""
    return render(request, "403_csrf.html", status=403)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a login is locked: a clear page, in the visitor's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
