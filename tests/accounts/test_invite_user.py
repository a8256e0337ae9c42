"""services.invite_user: one account per address, one email in the invitee's language."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from relais.accounts.models import Invitation, Role, User
from relais.accounts.services import invite_user
from relais.notifications.models import OutboxEmail
from relais.organisations.models import Membership
from relais.organisations.services import create_organisation

from .helpers import activation_link, subject_line, translated


def _counts():
    return User.objects.count(), Invitation.objects.count(), OutboxEmail.objects.count()


def test_it_creates_a_pending_account_and_sends_one_email(coordinator, org_a, sent_emails):
    invitation = invite_user(
        invited_by=coordinator,
        email="  Nadia.Newcomer@Example.org ",
        full_name="Nadia Newcomer",
        role=Role.REQUESTER,
        organisation=org_a,
    )

    user = User.objects.get(email="nadia.newcomer@example.org")
    assert invitation.user == user
    assert user.full_name == "Nadia Newcomer"
    assert not user.is_active
    assert user.is_pending
    assert not Membership.objects.filter(user=user).exists()  # only once accepted
    emails = sent_emails()
    assert len(emails) == 1
    assert emails[0].to == ["nadia.newcomer@example.org"]
    assert activation_link(emails[0])


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_it_writes_the_email_in_the_invitees_language(coordinator, org_a, sent_emails, language):
    invite_user(
        invited_by=coordinator,
        email="nadia@example.org",
        role=Role.REQUESTER,
        organisation=org_a,
        language=language,
    )

    (email,) = sent_emails()
    assert email.subject == subject_line(
        "%(service_name)s: your invitation to join %(organisation)s",
        language,
        service_name=settings.SERVICE_NAME,
        organisation=org_a.name,
    )
    assert translated("Hello,", language) in email.body
    assert (
        translated("Open this link to activate your account and choose your password:", language)
        in email.body
    )
    html = email.alternatives[0][0]
    assert f'<html lang="{language}">' in html
    assert translated("Activate my account", language) in html
    assert User.objects.get(email="nadia@example.org").language == language


def test_it_keeps_an_institution_name_readable_in_the_text_email(coordinator, sent_emails):
    organisation = create_organisation(
        name="CPAS d'Ixelles & Co",
        enterprise_number="0212.345.668",
        invoicing_email="factures@cpas-ixelles.example",
        street="Chaussée de Boondael 92",
        postcode="1050",
    )
    invite_user(
        invited_by=coordinator,
        email="nadia@example.org",
        role=Role.REQUESTER,
        organisation=organisation,
    )

    (email,) = sent_emails()
    assert email.subject.endswith("CPAS d'Ixelles & Co")
    assert "CPAS d'Ixelles & Co" in email.body
    assert "&#x27;" not in email.body + email.subject
    assert "CPAS d&#x27;Ixelles &amp; Co" in email.alternatives[0][0]  # escaped in HTML only


def test_it_reuses_the_account_of_an_address_already_invited(coordinator, org_a, sent_emails):
    invite_user(
        invited_by=coordinator, email="nadia@example.org", role=Role.REQUESTER, organisation=org_a
    )
    invite_user(
        invited_by=coordinator, email="NADIA@example.org", role=Role.MANAGER, organisation=org_a
    )

    assert User.objects.filter(email__iexact="nadia@example.org").count() == 1
    assert Invitation.objects.filter(email="nadia@example.org").count() == 2
    assert len(sent_emails()) == 2


def test_it_invites_an_active_person_to_a_second_institution_in_their_language(
    coordinator, requester_b, org_a, sent_emails
):
    users_before = User.objects.count()

    invite_user(
        invited_by=coordinator,
        email=requester_b.email,
        role=Role.REQUESTER,
        organisation=org_a,
        language="fr",  # the inviter's guess; the person chose Dutch
    )

    assert User.objects.count() == users_before
    (email,) = sent_emails()
    assert email.to == [requester_b.email]
    assert '<html lang="nl">' in email.alternatives[0][0]
    assert (
        translated("Open this link to accept the invitation with your existing account:", "nl")
        in email.body
    )


def test_it_refuses_a_person_already_member_of_the_institution(coordinator, requester_a, org_a):
    before = _counts()

    with pytest.raises(ValidationError) as error:
        invite_user(
            invited_by=coordinator,
            email=requester_a.email,
            role=Role.REQUESTER,
            organisation=org_a,
        )

    assert "email" in error.value.message_dict
    assert _counts() == before


def test_it_needs_an_institution_for_requesters_and_managers(coordinator):
    before = _counts()

    for role in (Role.REQUESTER, Role.MANAGER):
        with pytest.raises(ValidationError) as error:
            invite_user(invited_by=coordinator, email="nadia@example.org", role=role)
        assert "organisation" in error.value.message_dict

    assert _counts() == before


def test_it_invites_interpreters_and_coordinators_to_the_service_itself(
    coordinator, org_a, sent_emails
):
    interpreter = invite_user(
        invited_by=coordinator,
        email="ilse@example.org",
        role=Role.INTERPRETER,
        organisation=org_a,
    )
    colleague = invite_user(invited_by=coordinator, email="carl@example.org", role=Role.COORDINATOR)

    assert interpreter.organisation is None
    assert colleague.organisation is None
    subjects = {email.subject for email in sent_emails()}
    assert subjects == {
        subject_line("%(service_name)s: your invitation", "fr", service_name=settings.SERVICE_NAME)
    }


def test_it_lets_a_manager_invite_for_their_own_institution_only(manager_a, org_a, org_b):
    invite_user(
        invited_by=manager_a, email="nadia@example.org", role=Role.MANAGER, organisation=org_a
    )
    before = _counts()

    with pytest.raises(PermissionDenied):
        invite_user(
            invited_by=manager_a, email="other@example.org", role=Role.REQUESTER, organisation=org_b
        )
    with pytest.raises(PermissionDenied):
        invite_user(invited_by=manager_a, email="other@example.org", role=Role.INTERPRETER)
    with pytest.raises(PermissionDenied):
        invite_user(invited_by=manager_a, email="other@example.org", role=Role.COORDINATOR)

    assert _counts() == before


def test_it_lets_no_requester_invite(requester_a, org_a):
    before = _counts()

    with pytest.raises(PermissionDenied):
        invite_user(
            invited_by=requester_a,
            email="nadia@example.org",
            role=Role.REQUESTER,
            organisation=org_a,
        )

    assert _counts() == before


@pytest.mark.parametrize(
    ("email", "full_name"),
    [
        ("not-an-email", ""),
        ("a" * 250 + "@example.org", ""),
        ("nadia@example.org", "N" * 151),
    ],
)
def test_it_writes_nothing_for_an_invalid_address_or_name(coordinator, org_a, email, full_name):
    before = _counts()

    with pytest.raises(ValidationError):
        invite_user(
            invited_by=coordinator,
            email=email,
            full_name=full_name,
            role=Role.REQUESTER,
            organisation=org_a,
        )

    assert _counts() == before
