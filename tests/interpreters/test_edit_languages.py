"""A coordinator adds and removes an interpreter's languages, with a level."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from relais.interpreters.models import InterpreterLanguage, LanguageLevel
from relais.interpreters.services import add_language, create_language
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

from .helpers import stored


def add_url(profile) -> str:
    return f"/interpreters/{profile.pk}/languages/add/"


def remove_url(profile, spoken) -> str:
    return f"/interpreters/{profile.pk}/languages/{spoken.pk}/remove/"


def test_a_coordinator_adds_a_language_with_its_level(coordinator, profile, tigrinya):
    response = client_for(coordinator).post(
        add_url(profile), {"language": tigrinya.pk, "level": "working"}, follow=True
    )

    assert response.redirect_chain == [(f"/interpreters/{profile.pk}/", 302)]
    assert stored(profile)["languages"] == [("ar", "native"), ("ti", "working")]
    assert translated(
        coordinator,
        "%(language)s (%(level)s) is added.",
        language="Tigrigna",
        level=translated(coordinator, "Working knowledge"),
    ) in text(response)


def test_a_language_listed_already_is_not_offered_again(coordinator, profile, arabic, tigrinya):
    client = client_for(coordinator)
    page = text(client.get(f"/interpreters/{profile.pk}/"))
    offered = page[page.index('id="language_language"') : page.index('id="language_level"')]
    assert ">Tigrigna</option>" in offered
    assert ">Arabe</option>" not in offered

    response = client.post(add_url(profile), {"language": arabic.pk, "level": "fluent"})

    assert response.status_code == 200
    assert "language" in response.context["language_form"].errors
    assert stored(profile)["languages"] == [("ar", "native")]


def test_the_service_refuses_a_language_listed_already(profile, arabic):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_language(profile=profile, language=arabic, level=LanguageLevel.FLUENT)

    assert error.value.message_dict["language"] == ["Arabic is already listed."]


@pytest.mark.parametrize(
    "data",
    [{"language": "999999", "level": "fluent"}, {"language": "ar", "level": "fluent"},
     {"language": "", "level": "fluent"}, {"language": "LANG", "level": "guru"}],
)  # fmt: skip
def test_a_tampered_language_or_level_saves_nothing(coordinator, profile, tigrinya, data):
    data = {key: str(tigrinya.pk) if value == "LANG" else value for key, value in data.items()}
    before = stored(profile)

    response = client_for(coordinator).post(add_url(profile), data)

    assert response.status_code == 200
    errors = response.context["language_form"].errors
    assert errors
    for messages in errors.values():
        for message in messages:
            assert message in text(response)
    assert stored(profile) == before


def test_an_inactive_language_is_not_offered(coordinator, profile):
    retired = create_language(code="sq")
    retired.is_active = False
    retired.save()

    response = client_for(coordinator).post(
        add_url(profile), {"language": retired.pk, "level": "fluent"}
    )

    assert "language" in response.context["language_form"].errors
    assert stored(profile)["languages"] == [("ar", "native")]


def test_a_coordinator_removes_a_language(coordinator, profile):
    spoken = profile.languages.get()

    response = client_for(coordinator).post(remove_url(profile, spoken))

    assert response.status_code == 302
    assert not InterpreterLanguage.objects.filter(pk=spoken.pk).exists()


def test_a_language_of_another_profile_is_not_found_through_this_one(
    coordinator, profile, other_profile
):
    spoken = other_profile.languages.get()

    response = client_for(coordinator).post(remove_url(profile, spoken))

    assert response.status_code == 404
    assert InterpreterLanguage.objects.filter(pk=spoken.pk).exists()


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "interpreter"])
def test_nobody_else_edits_languages(request, persona, profile, tigrinya):
    before = stored(profile)
    client = client_for(request.getfixturevalue(persona))
    spoken = profile.languages.get()

    assert (
        client.post(add_url(profile), {"language": tigrinya.pk, "level": "native"}).status_code
        == 404
    )
    assert client.post(remove_url(profile, spoken)).status_code == 404
    assert stored(profile) == before


def test_levels_are_listed_native_first(coordinator, profile, tigrinya, dari):
    client = client_for(coordinator)
    client.post(add_url(profile), {"language": dari.pk, "level": LanguageLevel.WORKING})
    client.post(add_url(profile), {"language": tigrinya.pk, "level": LanguageLevel.FLUENT})

    page = text(client.get(f"/interpreters/{profile.pk}/"))
    main = page[page.index('id="languages-title"') :]
    assert main.index("Arabe") < main.index("Tigrigna") < main.index("Dari")
