"""Every write on people: invitations, activation, preferences."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.notifications.services import queue_email
from relais.organisations.models import Membership, MembershipRole, Organisation

from .models import Invitation, Role, User, normalise_email

INVITATION_SALT = "relais.accounts.invitation"


class InvitationLinkError(Exception):
    """Why an activation link can't be used: 'invalid', 'expired', 'used',
    'replaced' (a newer link was sent for the same invitation) or 'withdrawn'
    (the inviter took the invitation back)."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser)


def can_invite(user, *, role: str, organisation: Organisation | None) -> bool:
    """Coordinators invite anyone; managers invite requesters and managers of their institution."""
    if is_coordinator(user):
        return True
    if organisation is None or role not in {Role.REQUESTER, Role.MANAGER}:
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role=MembershipRole.MANAGER, is_active=True
    ).exists()


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("accounts:activate", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def invite_user(
    *,
    invited_by: User | None,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    language: str = "fr",
    full_name: str = "",
) -> Invitation:
    """Invite an email address with a role and send the activation link.

    Re-inviting an address reuses its account: one person, one user. An
    invitation for a role of an institution needs that institution.
    """
    role = Role(role)
    if role.needs_organisation and organisation is None:
        raise ValidationError({"organisation": _("Choose the institution of this person.")})
    if not role.needs_organisation:
        organisation = None
    if invited_by is not None and not can_invite(invited_by, role=role, organisation=organisation):
        raise PermissionDenied
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name.strip(), language=language)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif (
        organisation
        and Membership.objects.filter(user=user, organisation=organisation, is_active=True).exists()
    ):
        raise ValidationError(
            {
                "email": _("This person is already a member of %(organisation)s.")
                % {"organisation": organisation}
            }
        )
    invitation = Invitation.objects.create(
        email=email, role=role, organisation=organisation, user=user, invited_by=invited_by
    )
    send_invitation(invitation)
    return invitation


def send_invitation(invitation: Invitation) -> None:
    user = invitation.user
    queue_email(
        to=invitation.email,
        template="invitation",
        language=user.language,
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "role": invitation.role,
            "invited_by": invitation.invited_by,
            "activate_url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
            "is_new_account": user.is_pending,
        },
    )


def check_invitation_token(token: str) -> Invitation:
    """The open invitation behind an activation link, or InvitationLinkError saying why not."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=INVITATION_SALT)  # authentic, only too old
        invitation = Invitation.objects.filter(pk=payload.get("i")).first()
        if invitation is None:
            raise InvitationLinkError("invalid") from None
        if invitation.revoked_at:
            raise InvitationLinkError(_revoked_reason(invitation), invitation) from None
        if invitation.accepted_at:
            raise InvitationLinkError("used", invitation) from None
        raise InvitationLinkError("expired", invitation) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvitationLinkError("invalid") from None
    if not isinstance(payload, dict):
        raise InvitationLinkError("invalid")
    invitation = (
        Invitation.objects.filter(pk=payload.get("i"))
        .select_related("user", "organisation")
        .first()
    )
    if invitation is None:
        raise InvitationLinkError("invalid")
    if invitation.revoked_at:
        raise InvitationLinkError(_revoked_reason(invitation), invitation)
    if invitation.accepted_at:
        raise InvitationLinkError("used", invitation)
    return invitation


def _revoked_reason(invitation: Invitation) -> str:
    return "replaced" if invitation.replaced_by_id else "withdrawn"


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str | None) -> User:
    """Answer an invitation once: activate the account and give the role.

    A person who already has a password (invited to a second institution)
    accepts without choosing one again.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationLinkError("used", invitation)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    fields = []
    if user.is_pending:
        if not password:
            raise ValidationError({"new_password1": _("Choose a password.")})
        user.set_password(password)
        fields.append("password")
    if not user.is_active:
        user.is_active = True
        fields.append("is_active")
    role = Role(invitation.role)
    if role == Role.COORDINATOR:
        user.is_coordinator = user.is_staff = True
        fields += ["is_coordinator", "is_staff"]
    elif role == Role.INTERPRETER:
        user.is_interpreter = True
        fields.append("is_interpreter")
    if fields:
        user.save(update_fields=fields)
    if role.needs_organisation:
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": role}
        )
        if not created:
            membership.role = role
            membership.is_active = True
            membership.deactivated_at = None
            membership.save(update_fields=["role", "is_active", "deactivated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def renew_invitation(*, invitation: Invitation) -> Invitation:
    """Send a fresh link to the same address, with the same role: from an expired
    link, or when a manager sends an invitation again. The old link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationLinkError("used", invitation)
    renewed = Invitation.objects.create(
        email=invitation.email,
        role=invitation.role,
        organisation=invitation.organisation,
        user=invitation.user,
        invited_by=invitation.invited_by,
    )
    invitation.revoked_at = timezone.now()
    invitation.replaced_by = renewed
    invitation.save(update_fields=["revoked_at", "replaced_by"])
    send_invitation(renewed)
    return renewed


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by: User) -> None:
    """Take back an invitation not answered yet: its link stops working."""
    if not can_invite(by, role=invitation.role, organisation=invitation.organisation):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation was already accepted."))
    if invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def set_user_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def update_profile(*, user: User, full_name: str, language: str) -> None:
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
