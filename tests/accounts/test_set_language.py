"""/language/: the language switcher in the header."""

from django.conf import settings
from django.test import Client

from tests.conftest import client_for

URL = "/language/"


def test_it_remembers_the_choice_of_an_anonymous_visitor_in_a_cookie(db):
    client = Client()

    response = client.post(URL, {"language": "nl", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nl"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert '<html lang="nl">' in client.get("/accounts/login/").content.decode()


def test_it_saves_the_choice_of_a_logged_in_person(requester_a, org_a):
    client = client_for(requester_a)
    page = f"/organisations/{org_a.pk}/"

    response = client.post(URL, {"language": "en", "next": page})

    assert response["Location"] == page
    requester_a.refresh_from_db()
    assert requester_a.language == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(page).content.decode()


def test_the_choice_outlives_the_session(requester_a):
    client = client_for(requester_a)
    client.post(URL, {"language": "nl"})
    client.post("/accounts/logout/")

    response = client.get("/accounts/login/")

    assert '<html lang="nl">' in response.content.decode()


def test_it_never_redirects_to_another_site(requester_a):
    client = client_for(requester_a)

    for unsafe in ("http://evil.example/", "//evil.example/", "https://evil.example/x"):
        response = client.post(URL, {"language": "nl", "next": unsafe})
        assert response.status_code == 302
        assert response["Location"] == "/"
    requester_a.refresh_from_db()
    assert requester_a.language == "nl"


def test_it_goes_home_without_next(db):
    response = Client().post(URL, {"language": "fr"})

    assert response["Location"] == "/"


def test_it_ignores_an_unknown_language(requester_a):
    client = client_for(requester_a)

    response = client.post(URL, {"language": "de", "next": "/accounts/profile/"})

    assert response["Location"] == "/accounts/profile/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    requester_a.refresh_from_db()
    assert requester_a.language == "fr"


def test_it_only_answers_post(requester_a):
    client = client_for(requester_a)

    response = client.get(URL, {"language": "en"})

    assert response.status_code == 405
    requester_a.refresh_from_db()
    assert requester_a.language == "fr"


def test_it_refuses_a_choice_without_csrf_token(requester_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(requester_a)

    response = client.post(URL, {"language": "en"})

    assert response.status_code == 403
    requester_a.refresh_from_db()
    assert requester_a.language == "fr"
