from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.forms import InvitationForm
from relais.accounts.services import is_coordinator, renew_invitation
from relais.accounts.services import withdraw_invitation as withdraw
from relais.accounts.views import send_invitation_form
from relais.bookings.models import Booking
from relais.lib.forms import add_validation_error

from . import queries, services
from .forms import PlaceForm
from .models import Place


@login_required
def organisation_list(request):
    organisations = queries.organisations_for_user(request.user).order_by("name")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        organisations = organisations.filter(name__icontains=query)
    if not is_coordinator(request.user) and not query and len(organisations) == 1:
        return redirect("organisations:detail", pk=organisations[0].pk)
    return render(
        request,
        "organisations/list.html",
        {"organisations": organisations, "query": query},
    )


@login_required
def organisation_detail(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    can_manage = queries.is_manager_of(request.user, organisation)
    memberships = organisation.memberships.select_related("user").order_by(
        "-is_active", "user__full_name", "user__email"
    )
    if not can_manage:
        memberships = memberships.filter(is_active=True)
    billing_codes = organisation.billing_codes.filter(is_active=True).select_related("payer")
    places = organisation.places.filter(is_active=True)
    # "Interprétation": the institution's requests, counted per billing code (one query).
    now = timezone.now()
    requests = organisation.bookings.exclude(status=Booking.Status.DRAFT)
    per_code = {
        row["billing_code"]: row
        for row in requests.order_by()
        .values("billing_code")
        .annotate(total=Count("pk"), upcoming=Count("pk", filter=Q(start__gte=now)))
    }
    for code in billing_codes:
        code.requests = per_code.get(code.pk, {}).get("total", 0)
    interpretation = {
        "total": sum(row["total"] for row in per_code.values()),
        "upcoming": sum(row["upcoming"] for row in per_code.values()),
    }
    invitations = []
    if can_manage:
        invitations = [
            invitation
            for invitation in organisation.invitations.filter(
                accepted_at=None, revoked_at=None
            ).select_related("user")
            if invitation.is_open
        ]
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "billing_codes": billing_codes,
            "places": places,
            "invitations": invitations,
            "can_manage": can_manage,
            "interpretation": interpretation,
        },
    )


@login_required
def invite_member(request, pk):
    organisation = queries.get_organisation_for_manager(request.user, pk)
    form = InvitationForm(
        request.POST or None, organisation=organisation, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and send_invitation_form(request, form, organisation):
        return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request, "organisations/invite.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def resend_invitation(request, pk, invitation_pk):
    organisation = queries.get_organisation_for_manager(request.user, pk)
    invitation = queries.get_open_invitation_for_manager(request.user, organisation, invitation_pk)
    renew_invitation(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s was sent again.") % {"email": invitation.email}
    )
    return redirect("organisations:detail", pk=organisation.pk)


@login_required
@require_POST
def withdraw_invitation(request, pk, invitation_pk):
    organisation = queries.get_organisation_for_manager(request.user, pk)
    invitation = queries.get_open_invitation_for_manager(request.user, organisation, invitation_pk)
    try:
        withdraw(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("organisations:detail", pk=organisation.pk)


@login_required
@require_POST
def deactivate_member(request, pk, membership_pk):
    organisation = queries.get_organisation_for_manager(request.user, pk)
    membership = queries.get_membership_for_manager(request.user, organisation, membership_pk)
    try:
        services.deactivate_membership(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s no longer has access to %(organisation)s.")
            % {"person": membership.user, "organisation": organisation},
        )
    return redirect("organisations:detail", pk=organisation.pk)


@login_required
def edit_place(request, pk, place_pk=None):
    organisation = queries.get_organisation_for_manager(request.user, pk)
    if place_pk is None:
        place = Place(organisation=organisation)
    else:
        place = queries.get_place_for_manager(request.user, organisation, place_pk)
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_place(place=place, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The place %(name)s is saved.") % {"name": place.name})
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/place_form.html",
        {"organisation": organisation, "form": form, "place": place},
    )
