"""Every write on institutions, their members and places."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .communes import commune_for_postcode
from .models import Membership, MembershipRole, Organisation, Place


@transaction.atomic
def create_organisation(
    *,
    name: str,
    enterprise_number: str,
    invoicing_email: str,
    street: str,
    postcode: str,
    commune: str = "",
    vat_number: str = "",
    language: str = "fr",
) -> Organisation:
    """Create an institution with its official address as its first place of service."""
    organisation = Organisation(
        name=name,
        enterprise_number=enterprise_number,
        vat_number=vat_number,
        invoicing_email=invoicing_email,
        language=language,
    )
    organisation.full_clean()
    organisation.save()
    save_place(
        place=Place(organisation=organisation, is_official=True),
        name=name,
        street=street,
        postcode=postcode,
        commune=commune,
    )
    return organisation


def save_place(
    *,
    place: Place,
    name: str,
    street: str,
    postcode: str,
    commune: str = "",
    access_notes: str = "",
) -> Place:
    """Add or edit a place of service.

    The commune follows from a Brussels postcode when left empty, named in the
    institution's language.
    """
    place.name = name.strip()
    place.street = street.strip()
    place.postcode = postcode.strip()
    place.commune = (
        commune.strip() or commune_for_postcode(place.postcode, place.organisation.language) or ""
    )
    place.access_notes = access_notes.strip()
    if not place.commune:
        # A wrong postcode is the problem to report first, not the commune it didn't give.
        place.full_clean(exclude=["commune"])
        raise ValidationError({"commune": _("Enter the commune.")})
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def deactivate_membership(*, membership: Membership) -> None:
    """Remove a person from an institution; its last manager stays."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return
    if membership.role == MembershipRole.MANAGER:
        managers = Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id,
            role=MembershipRole.MANAGER,
            is_active=True,
        )
        if managers.count() <= 1:
            raise ValidationError(
                _("An institution keeps at least one manager: invite another one first.")
            )
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
