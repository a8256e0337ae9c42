"""The institution's API tokens page: managers create, list and revoke them;
coordinators see and revoke them. Everyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.lib.forms import add_validation_error
from relais.organisations.queries import get_organisation_for_user

from . import tokens
from .forms import TokenForm


def _organisation(user, pk):
    organisation = get_organisation_for_user(user, pk)
    if not tokens.may_see_tokens(user, organisation):
        raise Http404
    return organisation


# The secret of a token just created, kept in the session only until the page
# after the redirect shows it (post/redirect/get: a reload creates nothing).
JUST_CREATED = "api_new_secret"


@login_required
def token_list(request, organisation_pk):
    organisation = _organisation(request.user, organisation_pk)
    can_create = tokens.is_manager(request.user, organisation)
    form = TokenForm(request.POST or None) if can_create else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                new_token, secret = tokens.create_token(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    expires_on=form.cleaned_data["expires_on"],
                    by=request.user,
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                request.session[JUST_CREATED] = {"token": new_token.pk, "secret": secret}
                return redirect("api_tokens:list", organisation_pk=organisation.pk)
    shown = request.session.pop(JUST_CREATED, None) if request.method == "GET" else None
    all_tokens = tokens.tokens_of(organisation)
    new_token = all_tokens.filter(pk=shown["token"]).first() if shown else None
    response = render(
        request,
        "api/tokens.html",
        {
            "organisation": organisation,
            "tokens": all_tokens,
            "form": form,
            "secret": shown["secret"] if new_token else None,
            "new_token": new_token,
            "api_docs": "/api/v1/docs",
            "now": timezone.now(),
        },
    )
    # The secret is shown once: never keep the page in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request, organisation_pk, pk):
    organisation = _organisation(request.user, organisation_pk)
    token = tokens.get_token_for_user(request.user, organisation, pk)
    try:
        tokens.revoke_token(token=token, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
    return redirect("api_tokens:list", organisation_pk=organisation.pk)
