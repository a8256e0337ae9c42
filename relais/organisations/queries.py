"""Scoped reads: every organisation object a view loads comes through here.

A person sees the institutions they are an active member of; coordinators see
all of them. Anything else is a 404, so nobody can even tell whether another
institution's member, code or place exists.
"""

from django.db.models import QuerySet
from django.http import Http404

from relais.accounts.models import Invitation
from relais.accounts.services import is_coordinator

from .models import BillingCode, Membership, MembershipRole, Organisation, Place


def organisations_for_user(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True
    ).distinct()


def get_organisation_for_user(user, pk) -> Organisation:
    try:
        return organisations_for_user(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_manager_of(user, organisation: Organisation) -> bool:
    """May this person manage the members and places of this institution?"""
    if is_coordinator(user):
        return True
    return Membership.objects.filter(
        user=user, organisation=organisation, role=MembershipRole.MANAGER, is_active=True
    ).exists()


def get_organisation_for_manager(user, pk) -> Organisation:
    organisation = get_organisation_for_user(user, pk)
    if not is_manager_of(user, organisation):
        raise Http404
    return organisation


def get_membership_for_manager(user, organisation: Organisation, pk) -> Membership:
    """A membership of an institution the user manages (scoped by both ids)."""
    if not is_manager_of(user, organisation):
        raise Http404
    try:
        return organisation.memberships.select_related("user").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_place_for_manager(user, organisation: Organisation, pk) -> Place:
    if not is_manager_of(user, organisation):
        raise Http404
    try:
        return organisation.places.get(pk=pk)
    except (Place.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_open_invitation_for_manager(user, organisation: Organisation, pk) -> Invitation:
    """An invitation of an institution the user manages, not answered nor withdrawn yet."""
    if not is_manager_of(user, organisation):
        raise Http404
    try:
        return organisation.invitations.get(pk=pk, accepted_at=None, revoked_at=None)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def billing_codes_for_organisation(organisation: Organisation) -> QuerySet[BillingCode]:
    return organisation.billing_codes.filter(is_active=True).select_related("payer")
