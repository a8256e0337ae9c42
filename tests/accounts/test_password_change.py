"""/accounts/password/change/: a logged-in person changes their password."""

from django.test import Client

from tests.conftest import PASSWORD, client_for

from .helpers import says

URL = "/accounts/password/change/"
NEW_PASSWORD = "Mango-Harbour-7391"


def _change(client, old=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        URL,
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
        follow=True,
    )


def _logs_in(email, password) -> bool:
    client = Client()
    client.post("/accounts/login/", {"username": email, "password": password})
    return "_auth_user_id" in client.session


def test_it_changes_the_password_and_keeps_the_person_logged_in(requester_a, org_a):
    client = client_for(requester_a)

    response = _change(client)

    assert response.redirect_chain == [("/accounts/password/change/done/", 302)]
    assert says(response, "Your new password is in place.")
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 200
    assert _logs_in(requester_a.email, NEW_PASSWORD)
    assert not _logs_in(requester_a.email, PASSWORD)


def test_it_needs_the_current_password(requester_a):
    response = _change(client_for(requester_a), old="Not-My-Password-3")

    assert response.status_code == 200
    assert says(response, "Your old password was entered incorrectly. Please enter it again.")
    assert _logs_in(requester_a.email, PASSWORD)


def test_it_refuses_a_weak_password(requester_a):
    response = _change(client_for(requester_a), new="password123")

    assert says(response, "This password is too common.")
    assert _logs_in(requester_a.email, PASSWORD)


def test_it_refuses_two_different_passwords(requester_a):
    response = _change(client_for(requester_a), confirm=NEW_PASSWORD + "!")

    assert says(response, "The two password fields didn\u2019t match.")
    assert _logs_in(requester_a.email, PASSWORD)


def test_other_sessions_of_the_person_are_logged_out(requester_a, org_a):
    elsewhere = client_for(requester_a)

    _change(client_for(requester_a))

    assert elsewhere.get(f"/organisations/{org_a.pk}/").status_code == 302


def test_it_asks_anonymous_visitors_to_log_in(db):
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
