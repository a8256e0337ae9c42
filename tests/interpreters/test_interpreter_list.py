"""Coordinators' list of interpreters: search by name, filter by language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.interpreters.models import InterpreterProfile, LanguageLevel
from relais.interpreters.services import add_language, create_profile
from tests.conftest import client_for, make_user
from tests.organisations.helpers import text, translated

URL = "/interpreters/"


def test_a_coordinator_sees_every_interpreter_with_their_languages(
    coordinator, profile, other_profile
):
    response = client_for(coordinator).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert "Ilham Interpreter" in page
    assert "Tesfay Other" in page
    assert "Arabe" in page and "Tigrigna" in page
    assert f'href="/interpreters/{profile.pk}/"' in page


def test_search_by_name_ignoring_case(coordinator, profile, other_profile):
    page = text(client_for(coordinator).get(URL, {"q": " tesfay "}))

    assert "Tesfay Other" in page
    assert "Ilham Interpreter" not in page


def test_filter_by_language(coordinator, profile, other_profile, tigrinya):
    page = text(client_for(coordinator).get(URL, {"language": "ti"}))

    assert "Tesfay Other" in page
    assert "Ilham Interpreter" not in page
    assert '<option value="ti" selected>' in page


def test_an_unknown_language_filter_lists_everyone(coordinator, profile, other_profile):
    page = text(client_for(coordinator).get(URL, {"language": "<script>"}))

    assert "Tesfay Other" in page and "Ilham Interpreter" in page


def test_a_search_without_match_says_so(coordinator, profile):
    page = text(client_for(coordinator).get(URL, {"q": "nobody"}))

    assert translated(coordinator, "No interpreter matches this search.") in page


def test_interpreters_without_a_profile_can_get_one(coordinator, interpreter):
    page = text(client_for(coordinator).get(URL))
    assert translated(coordinator, "Interpreters without a profile") in page

    response = client_for(coordinator).post(f"/interpreters/open/{interpreter.pk}/")

    profile = InterpreterProfile.objects.get(user=interpreter)
    assert response["Location"] == f"/interpreters/{profile.pk}/"


def test_only_interpreters_get_a_profile(coordinator, requester_a):
    response = client_for(coordinator).post(f"/interpreters/open/{requester_a.pk}/")

    assert response.status_code == 404
    assert not InterpreterProfile.objects.exists()


def test_the_coordinators_tab_leads_here(coordinator):
    page = text(client_for(coordinator).get(URL))

    assert 'aria-current="page">' + translated(coordinator, "Interpreters") in page


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "requester_b", "interpreter"])
def test_it_is_not_found_for_anyone_but_coordinators(request, persona, profile):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 404
    assert client.post(f"/interpreters/open/{profile.user.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(db):
    assert client_for(None).get(URL)["Location"] == f"/accounts/login/?next={URL}"


def test_the_list_costs_the_same_queries_for_two_or_twenty_interpreters(
    coordinator, profile, other_profile, arabic, tigrinya, django_assert_max_num_queries
):
    client = client_for(coordinator)
    client.get(URL)  # the first request of a session writes it once
    with CaptureQueriesContext(connection) as two:
        client.get(URL)
    for number in range(18):
        user = make_user(f"interpreter{number}@example.org", full_name=f"Interprète {number}",
                         is_interpreter=True)  # fmt: skip
        extra = create_profile(user=user)
        add_language(profile=extra, language=arabic, level=LanguageLevel.NATIVE)
        add_language(profile=extra, language=tigrinya, level=LanguageLevel.WORKING)

    with django_assert_max_num_queries(len(two)):
        response = client.get(URL)

    assert "Interprète 17" in text(response)
