"""/accounts/login/: email and password, for active accounts only."""

import pytest
from django.test import Client

from relais.accounts.models import Role
from relais.accounts.services import invite_user
from tests.conftest import PASSWORD, client_for

from .helpers import says

URL = "/accounts/login/"


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_shows_the_login_form():
    response = Client().get(URL)

    assert response.status_code == 200
    assert says(response, "Log in")
    assert 'name="username"' in response.content.decode()
    assert 'href="/accounts/password/reset/"' in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["requester.a@example.org", "Requester.A@Example.ORG", "  requester.a@example.org "]
)
def test_it_logs_in_by_email_whatever_its_case(requester_a, org_a, typed):
    client = Client()

    response = client.post(URL, {"username": typed, "password": PASSWORD}, follow=True)

    assert _is_logged_in(client)
    assert int(client.session["_auth_user_id"]) == requester_a.pk
    # The landing page is the portal's home page, "Actions and tasks", with their institution.
    assert response.redirect_chain[-1] == ("/", 302)
    assert org_a.name in response.content.decode()


def test_it_follows_next_after_login(requester_a):
    client = Client()

    response = client.post(
        URL, {"username": requester_a.email, "password": PASSWORD, "next": "/accounts/profile/"}
    )

    assert response["Location"] == "/accounts/profile/"


def test_it_ignores_a_next_to_another_site(requester_a):
    response = Client().post(
        URL,
        {"username": requester_a.email, "password": PASSWORD, "next": "http://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_says_when_the_password_is_wrong(requester_a):
    client = Client()

    response = client.post(URL, {"username": requester_a.email, "password": "Wrong-Password-1"})

    assert response.status_code == 200
    assert says(response, "This email address and password do not match an active account.")
    assert not _is_logged_in(client)


def test_it_gives_the_same_answer_for_an_unknown_address(db):
    response = Client().post(URL, {"username": "nobody@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert says(response, "This email address and password do not match an active account.")


def test_it_refuses_a_deactivated_account(requester_a):
    requester_a.is_active = False
    requester_a.save(update_fields=["is_active"])
    client = Client()

    response = client.post(URL, {"username": requester_a.email, "password": PASSWORD})

    assert response.status_code == 200
    assert says(response, "This email address and password do not match an active account.")
    assert not _is_logged_in(client)


def test_it_refuses_an_invited_account_not_yet_activated(coordinator, org_a):
    invite_user(
        invited_by=coordinator, email="nadia@example.org", role=Role.REQUESTER, organisation=org_a
    )
    client = Client()

    for password in ("", PASSWORD, "!"):
        response = client.post(URL, {"username": "nadia@example.org", "password": password})
        assert response.status_code == 200
        assert not _is_logged_in(client)


def test_it_sends_a_logged_in_person_on_to_the_portal(requester_a):
    response = client_for(requester_a).get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_portal_asks_anonymous_visitors_to_log_in(db):
    response = Client().get("/organisations/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organisations/"
