"""UserLanguageMiddleware: which language a page speaks."""

import pytest
from django.test import Client

from tests.conftest import client_for

from .helpers import translated

PAGE = "/accounts/login/"


def _lang(response) -> str:
    page = response.content.decode()
    start = page.index("<html lang=")
    return page[start + len('<html lang="') : page.index('"', start + len('<html lang="'))]


def test_it_speaks_french_by_default(db):
    response = Client().get(PAGE)

    assert _lang(response) == "fr"
    assert response.headers["Content-Language"] == "fr"
    assert translated("Forgot your password?", "fr") in response.content.decode()


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("nl", "nl"),
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("fr-BE,fr;q=0.9", "fr"),
        ("en-GB,nl;q=0.7", "nl"),  # French or Dutch from the browser; English only by choice
        ("en-US,en;q=0.9", "fr"),
        ("de-DE", "fr"),
    ],
)
def test_it_follows_the_browser_for_french_and_dutch(db, header, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=header).get(PAGE)

    assert _lang(response) == language
    assert "Accept-Language" in response.headers["Vary"]


def test_a_chosen_language_beats_the_browser(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.cookies["relais_language"] = "en"

    assert _lang(client.get(PAGE)) == "en"


def test_an_unknown_language_cookie_is_ignored(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.cookies["relais_language"] = "xx"

    assert _lang(client.get(PAGE)) == "nl"


def test_a_logged_in_person_gets_their_own_language(requester_b, org_b):
    client = client_for(requester_b)  # prefers Dutch
    client.cookies["relais_language"] = "fr"

    response = client.get(f"/organisations/{org_b.pk}/")

    assert _lang(response) == "nl"


def test_the_three_languages_really_differ(db):
    pages = {language: Client(HTTP_ACCEPT_LANGUAGE=language).get(PAGE) for language in ("fr", "nl")}
    english = Client()
    english.cookies["relais_language"] = "en"
    pages["en"] = english.get(PAGE)

    reset_links = {language: translated("Forgot your password?", language) for language in pages}
    assert len(set(reset_links.values())) == 3
    for language, response in pages.items():
        assert reset_links[language] in response.content.decode()
