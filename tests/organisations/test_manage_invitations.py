"""A manager sends a pending invitation again, or withdraws it."""

import pytest
from django.test import Client

from relais.accounts.models import Invitation, User
from relais.accounts.services import invite_user
from tests.accounts.helpers import activation_link, says
from tests.conftest import client_for

from .helpers import text, translated


@pytest.fixture
def pending(manager_a, org_a):
    return invite_user(
        invited_by=manager_a, email="pending@example.org", role="requester", organisation=org_a
    )


def url(invitation, action: str) -> str:
    return f"/organisations/{invitation.organisation_id}/invitations/{invitation.pk}/{action}/"


def test_the_manager_sees_the_buttons_for_a_pending_invitation(manager_a, org_a, pending):
    page = text(client_for(manager_a).get(f"/organisations/{org_a.pk}/"))

    assert "pending@example.org" in page
    assert translated(manager_a, "Send again") in page
    assert translated(manager_a, "Withdraw") in page


def test_sending_again_mails_a_new_link_and_retires_the_old_one(manager_a, pending, sent_emails):
    old_link = activation_link(sent_emails()[-1])

    response = client_for(manager_a).post(url(pending, "resend"))

    assert response.status_code == 302
    emails = sent_emails()
    assert len(emails) == 2
    assert emails[-1].to == ["pending@example.org"]
    new_link = activation_link(emails[-1])
    assert new_link != old_link
    old = Client().get(old_link)
    assert old.status_code == 410
    assert says(old, "A newer link was sent")
    assert Client().get(new_link).status_code == 200
    assert User.objects.filter(email="pending@example.org").count() == 1


def test_a_withdrawn_invitation_link_says_so_and_activates_nothing(
    manager_a, org_a, pending, sent_emails
):
    link = activation_link(sent_emails()[-1])

    response = client_for(manager_a).post(url(pending, "withdraw"), follow=True)

    assert url(pending, "resend") not in response.content.decode()  # gone from the team list
    assert translated(
        manager_a, "The invitation to %(email)s is withdrawn.", email="pending@example.org"
    ) in text(response)
    shown = Client().get(link)
    assert shown.status_code == 410
    assert says(shown, "This invitation was withdrawn")
    posted = Client().post(
        link, {"new_password1": "Kiwi-Lantern-2048", "new_password2": "Kiwi-Lantern-2048"}
    )
    assert posted.status_code == 410
    person = User.objects.get(email="pending@example.org")
    assert not person.is_active
    assert not person.memberships.exists()


def test_an_answered_invitation_cannot_be_withdrawn(manager_a, pending):
    Invitation.objects.filter(pk=pending.pk).update(accepted_at=pending.created_at)

    assert client_for(manager_a).post(url(pending, "withdraw")).status_code == 404
    assert client_for(manager_a).post(url(pending, "resend")).status_code == 404


def test_an_invitation_of_another_institution_is_not_found(manager_a, org_a, manager_b, org_b):
    of_b = invite_user(
        invited_by=manager_b, email="b.person@example.org", role="requester", organisation=org_b
    )
    through_a = f"/organisations/{org_a.pk}/invitations/{of_b.pk}/withdraw/"

    assert client_for(manager_a).post(through_a).status_code == 404
    assert client_for(manager_a).post(url(of_b, "withdraw")).status_code == 404
    assert Invitation.objects.get(pk=of_b.pk).revoked_at is None


def test_only_post_is_allowed(manager_a, pending):
    assert client_for(manager_a).get(url(pending, "withdraw")).status_code == 405
    assert client_for(manager_a).get(url(pending, "resend")).status_code == 405
