"""/accounts/password/reset/: a link by email, through the outbox."""

import pytest
from django.conf import settings
from django.test import Client

from relais.accounts.models import Role
from relais.accounts.services import invite_user
from relais.notifications.models import OutboxEmail
from tests.conftest import PASSWORD

from .helpers import link_in, says, subject_line

URL = "/accounts/password/reset/"
NEW_PASSWORD = "Mango-Harbour-7391"


def _reset_link(message) -> str:
    return link_in(message, "/accounts/reset/")


def _choose(client, link, password=NEW_PASSWORD):
    """Open the link from the email and choose a password; return the final response."""
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=True
    )


def _logs_in(email, password) -> bool:
    client = Client()
    client.post("/accounts/login/", {"username": email, "password": password})
    return "_auth_user_id" in client.session


def test_it_sends_a_link_that_sets_a_new_password(requester_a, sent_emails):
    client = Client()

    response = client.post(URL, {"email": "Requester.A@Example.org"}, follow=True)

    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert says(response, "Check your email")
    (email,) = sent_emails()
    assert email.to == [requester_a.email]
    assert email.subject == subject_line(
        "%(service_name)s: choose a new password", "fr", service_name=settings.SERVICE_NAME
    )
    done = _choose(Client(), _reset_link(email))
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/complete/"
    assert says(done, "You can now log in with your new password.")
    assert _logs_in(requester_a.email, NEW_PASSWORD)
    assert not _logs_in(requester_a.email, PASSWORD)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_it_writes_in_the_persons_language(requester_a, sent_emails, language):
    requester_a.language = language
    requester_a.save(update_fields=["language"])

    Client().post(URL, {"email": requester_a.email})

    (email,) = sent_emails()
    assert email.subject == subject_line(
        "%(service_name)s: choose a new password", language, service_name=settings.SERVICE_NAME
    )
    assert f'<html lang="{language}">' in email.alternatives[0][0]


def test_the_link_works_once(requester_a, sent_emails):
    Client().post(URL, {"email": requester_a.email})
    link = _reset_link(sent_emails()[0])
    _choose(Client(), link)

    response = Client().get(link, follow=True)

    assert says(response, "The link was already used or has expired. Ask for a new one.")
    assert 'name="new_password1"' not in response.content.decode()


def test_a_changed_link_is_not_valid(requester_a, sent_emails):
    Client().post(URL, {"email": requester_a.email})
    link = _reset_link(sent_emails()[0])

    response = Client().get(link[:-4] + "abc/", follow=True)

    assert says(response, "The link was already used or has expired. Ask for a new one.")


def test_it_refuses_a_weak_new_password(requester_a, sent_emails):
    Client().post(URL, {"email": requester_a.email})

    response = _choose(Client(), _reset_link(sent_emails()[0]), "1234567890")

    assert says(response, "This password is entirely numeric.")
    assert _logs_in(requester_a.email, PASSWORD)


def test_it_answers_the_same_for_an_unknown_address(db, sent_emails):
    response = Client().post(URL, {"email": "nobody@example.org"}, follow=True)

    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert says(response, "Check your email")
    assert OutboxEmail.objects.count() == 0
    assert sent_emails() == []


def test_it_sends_nothing_to_an_account_never_activated(coordinator, org_a, sent_emails):
    invite_user(
        invited_by=coordinator, email="nadia@example.org", role=Role.REQUESTER, organisation=org_a
    )
    invitations_sent = len(sent_emails())

    response = Client().post(URL, {"email": "nadia@example.org"}, follow=True)

    assert says(response, "Check your email")
    assert len(sent_emails()) == invitations_sent


def test_it_sends_nothing_to_a_deactivated_account(requester_a, sent_emails):
    requester_a.is_active = False
    requester_a.save(update_fields=["is_active"])

    Client().post(URL, {"email": requester_a.email})

    assert sent_emails() == []
