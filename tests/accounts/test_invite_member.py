"""/organisations/<pk>/invite/: a manager invites the members of their own institution."""

import pytest
from django.test import Client

from relais.accounts.models import Invitation, User
from relais.notifications.models import OutboxEmail
from tests.conftest import client_for

from .helpers import activation_link, says


def _url(org):
    return f"/organisations/{org.pk}/invite/"


def _counts():
    return User.objects.count(), Invitation.objects.count(), OutboxEmail.objects.count()


def _form(**changes):
    data = {
        "email": "nadia@example.org",
        "full_name": "Nadia",
        "role": "requester",
        "language": "fr",
    }
    data.update(changes)
    return data


def test_it_shows_the_form_without_an_institution_choice(manager_a, org_a):
    response = client_for(manager_a).get(_url(org_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="organisation"' not in page
    assert 'value="requester"' in page
    assert 'value="manager"' in page
    assert 'value="interpreter"' not in page
    assert 'value="coordinator"' not in page


@pytest.mark.parametrize("role", ["requester", "manager"])
def test_it_invites_a_member_of_the_managers_institution(manager_a, org_a, sent_emails, role):
    response = client_for(manager_a).post(_url(org_a), _form(role=role), follow=True)

    assert response.redirect_chain == [(f"/organisations/{org_a.pk}/", 302)]
    assert says(response, "An invitation was sent to %(email)s.", email="nadia@example.org")
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        org_a,
        role,
        manager_a,
    )
    assert "<td>nadia@example.org</td>" in response.content.decode()  # an open invitation
    (email,) = sent_emails()
    assert email.to == ["nadia@example.org"]
    assert activation_link(email)


@pytest.mark.parametrize("role", ["interpreter", "coordinator"])
def test_it_does_not_let_a_manager_invite_service_staff(manager_a, org_a, role):
    before = _counts()

    response = client_for(manager_a).post(_url(org_a), _form(role=role))

    assert response.status_code == 200
    assert says(response, "Please correct the following:")
    assert _counts() == before


def test_it_hides_another_institution_from_a_manager(manager_a, org_b):
    client = client_for(manager_a)
    before = _counts()

    assert client.get(_url(org_b)).status_code == 404
    assert client.post(_url(org_b), _form()).status_code == 404
    assert _counts() == before


def test_it_hides_the_page_from_a_requester(requester_a, org_a):
    client = client_for(requester_a)
    before = _counts()

    assert client.get(_url(org_a)).status_code == 404
    assert client.post(_url(org_a), _form()).status_code == 404
    assert _counts() == before


def test_it_hides_the_page_from_a_former_manager(manager_a, org_a):
    manager_a.memberships.update(is_active=False)

    assert client_for(manager_a).post(_url(org_a), _form()).status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [{"email": "nadia"}, {"email": "n" * 243 + "@example.org"}, {"full_name": "N" * 151}],
    ids=["malformed-email", "email-too-long", "name-too-long"],
)
def test_it_rejects_invalid_input_and_creates_nothing(manager_a, org_a, changes):
    before = _counts()

    response = client_for(manager_a).post(_url(org_a), _form(**changes))

    assert response.status_code == 200
    assert says(response, "Please correct the following:")
    assert _counts() == before


def test_it_refuses_a_form_without_its_csrf_token(manager_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    before = _counts()

    response = client.post(_url(org_a), _form())

    assert response.status_code == 403
    assert _counts() == before
