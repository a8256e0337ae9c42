"""/accounts/invite/: the coordinators' invitation page."""

import pytest
from django.test import Client

from relais.accounts.models import Invitation, User
from relais.notifications.models import OutboxEmail
from tests.conftest import client_for

from .helpers import activation_link, says

URL = "/accounts/invite/"


def _counts():
    return User.objects.count(), Invitation.objects.count(), OutboxEmail.objects.count()


def _form(org, **changes):
    data = {
        "email": "nadia@example.org",
        "full_name": "Nadia Newcomer",
        "role": "requester",
        "organisation": org.pk,
        "language": "nl",
    }
    data.update(changes)
    return data


def test_it_shows_the_form_to_a_coordinator(coordinator):
    response = client_for(coordinator).get(URL)

    assert response.status_code == 200
    assert says(response, "Invite a person")
    assert 'name="email"' in response.content.decode()


def test_it_sends_the_invitation(coordinator, org_a, sent_emails):
    response = client_for(coordinator).post(URL, _form(org_a), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert says(response, "An invitation was sent to %(email)s.", email="nadia@example.org")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "nadia@example.org",
        "requester",
        org_a,
    )
    assert invitation.invited_by == coordinator
    (email,) = sent_emails()
    assert email.to == ["nadia@example.org"]
    assert '<html lang="nl">' in email.alternatives[0][0]
    assert activation_link(email)


def test_it_invites_an_interpreter_without_institution(coordinator, sent_emails):
    response = client_for(coordinator).post(
        URL, {"email": "ilse@example.org", "role": "interpreter", "language": "fr"}
    )

    assert response.status_code == 302
    assert Invitation.objects.get().role == "interpreter"
    assert len(sent_emails()) == 1


def test_it_reinvites_a_known_address_without_a_second_account(coordinator, org_a, org_b):
    client = client_for(coordinator)
    client.post(URL, _form(org_a))

    response = client.post(URL, _form(org_b, email="Nadia@Example.org"))

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="nadia@example.org").count() == 1
    assert Invitation.objects.count() == 2


def test_it_refuses_an_address_already_member_of_the_institution(coordinator, requester_a, org_a):
    before = _counts()

    response = client_for(coordinator).post(URL, _form(org_a, email=requester_a.email))

    assert response.status_code == 200
    assert says(
        response, "This person is already a member of %(organisation)s.", organisation=org_a.name
    )
    assert _counts() == before


@pytest.mark.parametrize("role", ["requester", "manager"])
def test_it_asks_for_the_institution_of_a_member(coordinator, org_a, role):
    before = _counts()

    response = client_for(coordinator).post(URL, _form(org_a, role=role, organisation=""))

    assert response.status_code == 200
    assert says(response, "Choose the institution of this person.")
    assert _counts() == before


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "nadia.example.org"},
        {"email": "nadia@"},
        {"email": "n" * 243 + "@example.org"},  # 255 characters
        {"full_name": "N" * 151},
        {"role": "administrator"},
        {"language": "de"},
    ],
    ids=[
        "no-at",
        "no-domain",
        "email-too-long",
        "name-too-long",
        "unknown-role",
        "unknown-language",
    ],
)
def test_it_rejects_invalid_input_and_creates_nothing(coordinator, org_a, changes):
    before = _counts()

    response = client_for(coordinator).post(URL, _form(org_a, **changes))

    assert response.status_code == 200
    assert says(response, "Please correct the following:")
    assert 'aria-invalid="true"' in response.content.decode()
    assert _counts() == before


def test_it_refuses_a_form_without_its_csrf_token(coordinator, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    before = _counts()

    response = client.post(URL, _form(org_a))

    assert response.status_code == 403
    assert says(response, "The form has expired")
    assert _counts() == before


def test_it_accepts_the_form_with_its_csrf_token(coordinator, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get(URL)

    response = client.post(
        URL, {**_form(org_a), "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )

    assert response.status_code == 302
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "interpreter"])
def test_it_is_hidden_from_everyone_but_coordinators(request, org_a, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    before = _counts()

    assert client.get(URL).status_code == 404
    assert client.post(URL, _form(org_a)).status_code == 404
    assert _counts() == before


def test_it_sends_anonymous_visitors_to_the_login_page(org_a):
    response = Client().post(URL, _form(org_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/invite/")
    assert Invitation.objects.count() == 0
