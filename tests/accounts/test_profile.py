"""/accounts/profile/: a person's name and preferred language."""

from django.conf import settings
from django.test import Client

from tests.conftest import client_for

from .helpers import page_text, says

URL = "/accounts/profile/"


def test_it_shows_the_account_and_its_institutions(requester_a, org_a):
    response = client_for(requester_a).get(URL)

    assert response.status_code == 200
    assert says(response, "My account")
    text = page_text(response)
    assert requester_a.email in text
    assert org_a.name in text
    assert 'value="Amina Requester"' in text


def test_it_saves_the_name_and_language(requester_a):
    client = client_for(requester_a)

    response = client.post(URL, {"full_name": "  Amina R. ", "language": "nl"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    requester_a.refresh_from_db()
    assert (requester_a.full_name, requester_a.language) == ("Amina R.", "nl")
    assert '<html lang="nl">' in response.content.decode()
    assert says(response, "Your preferences are saved.")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def test_it_refuses_an_unknown_language_or_a_long_name(requester_a):
    client = client_for(requester_a)

    for data in (
        {"full_name": "Amina", "language": "de"},
        {"full_name": "A" * 151, "language": "en"},
    ):
        response = client.post(URL, data)
        assert response.status_code == 200
        assert says(response, "Please correct the following:")

    requester_a.refresh_from_db()
    assert (requester_a.full_name, requester_a.language) == ("Amina Requester", "fr")


def test_it_does_not_change_the_email_address(requester_a):
    client_for(requester_a).post(
        URL, {"full_name": "Amina", "language": "fr", "email": "takeover@example.org"}
    )

    requester_a.refresh_from_db()
    assert requester_a.email == "requester.a@example.org"


def test_it_asks_anonymous_visitors_to_log_in(db):
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
