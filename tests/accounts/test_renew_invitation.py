"""/accounts/activate/<token>/renew/: a fresh link for an expired invitation."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from relais.accounts.models import Invitation, Role, User
from relais.accounts.services import invite_user

from .helpers import activation_link, says

NEW_PASSWORD = "Mango-Harbour-7391"


@pytest.fixture
def traveller():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def expired_link(traveller, coordinator, org_a, sent_emails):
    invite_user(
        invited_by=coordinator,
        email="nadia@example.org",
        role=Role.REQUESTER,
        organisation=org_a,
        language="nl",
    )
    link = activation_link(sent_emails()[-1])
    traveller.shift(timedelta(days=8))
    return link


def test_it_sends_a_new_working_link(expired_link, org_a, sent_emails):
    client = Client()
    expired_page = client.get(expired_link)
    assert f'action="{expired_link}renew/"' in expired_page.content.decode()

    response = client.post(f"{expired_link}renew/")

    assert response.status_code == 200
    assert says(
        response,
        "We sent a new activation link to %(email)s. It is valid for 7 days.",
        email="nadia@example.org",
    )
    emails = sent_emails()
    assert len(emails) == 2
    renewed = emails[-1]
    assert renewed.to == ["nadia@example.org"]
    assert '<html lang="nl">' in renewed.alternatives[0][0]  # still the invitee's language
    new_link = activation_link(renewed)
    assert new_link != expired_link
    activated = client.post(
        new_link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert activated.status_code == 302
    assert activated["Location"] == f"/organisations/{org_a.pk}/"
    nadia = User.objects.get(email="nadia@example.org")
    assert nadia.is_active
    assert nadia.memberships.get().organisation == org_a


def test_the_old_link_no_longer_works_once_renewed(expired_link, sent_emails):
    Client().post(f"{expired_link}renew/")
    invitations = Invitation.objects.count()

    shown = Client().get(expired_link)
    renewed_again = Client().post(f"{expired_link}renew/")

    assert shown.status_code == 410
    assert says(shown, "A newer link was sent")
    assert "renew/" not in shown.content.decode()
    assert renewed_again.status_code == 404
    assert Invitation.objects.count() == invitations
    assert len(sent_emails()) == 2  # the first invitation and the renewed one


def test_it_keeps_the_role_and_institution(expired_link, coordinator, org_a):
    Client().post(f"{expired_link}renew/")

    renewed = Invitation.objects.get(revoked_at=None)
    assert (renewed.email, renewed.role, renewed.organisation, renewed.invited_by) == (
        "nadia@example.org",
        "requester",
        org_a,
        coordinator,
    )
    assert User.objects.filter(email="nadia@example.org").count() == 1


def test_it_sends_nothing_for_a_link_still_valid(coordinator, org_a, sent_emails):
    invite_user(
        invited_by=coordinator, email="nadia@example.org", role=Role.REQUESTER, organisation=org_a
    )
    link = activation_link(sent_emails()[-1])

    response = Client().post(f"{link}renew/")

    assert response.status_code == 302
    assert response["Location"] == link
    assert Invitation.objects.count() == 1
    assert len(sent_emails()) == 1


def test_it_sends_nothing_for_a_used_link(traveller, coordinator, org_a, sent_emails):
    invite_user(
        invited_by=coordinator, email="nadia@example.org", role=Role.REQUESTER, organisation=org_a
    )
    link = activation_link(sent_emails()[-1])
    Client().post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    traveller.shift(timedelta(days=8))

    shown = Client().get(link)
    response = Client().post(f"{link}renew/")

    assert shown.status_code == 410
    assert says(shown, "This invitation was already used")
    assert response.status_code == 404
    assert Invitation.objects.count() == 1
    assert len(sent_emails()) == 1


def test_it_refuses_a_changed_link(expired_link, sent_emails):
    token = expired_link.removeprefix("/accounts/activate/").removesuffix("/")
    bad = f"/accounts/activate/{token[:-3]}xyz/renew/"

    response = Client().post(bad)

    assert response.status_code == 404
    assert Invitation.objects.count() == 1
    assert len(sent_emails()) == 1


def test_it_only_answers_post(expired_link):
    response = Client().get(f"{expired_link}renew/")

    assert response.status_code == 405
    assert Invitation.objects.count() == 1
