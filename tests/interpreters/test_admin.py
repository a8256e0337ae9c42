"""The back office: coordinators add languages, CLDR fills the names they leave empty."""

from relais.interpreters.models import Language
from tests.conftest import client_for
from tests.organisations.helpers import text

ADD = "/admin/interpreters/language/add/"


def test_a_coordinator_adds_a_language_by_its_code_alone(coordinator):
    response = client_for(coordinator).post(
        ADD, {"code": "ti", "name_fr": "", "name_nl": "", "name_en": "", "is_active": "on"}
    )

    assert response.status_code == 302
    language = Language.objects.get(code="ti")
    assert (language.name_fr, language.name_nl, language.name_en) == (
        "Tigrigna",
        "Tigrinya",
        "Tigrinya",
    )


def test_a_code_unknown_to_cldr_needs_its_names(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = client_for(coordinator).post(
        ADD, {"code": "prs", "name_fr": "Dari", "name_nl": "", "name_en": "", "is_active": "on"}
    )

    assert response.status_code == 200
    assert "The code prs has no standard name" in text(response)
    assert not Language.objects.exists()


def test_the_profile_pages_open_for_coordinators(coordinator, profile):
    client = client_for(coordinator)

    assert client.get("/admin/interpreters/interpreterprofile/").status_code == 200
    assert (
        client.get(f"/admin/interpreters/interpreterprofile/{profile.pk}/change/").status_code
        == 200
    )
    assert client.get("/admin/interpreters/language/").status_code == 200


def test_the_back_office_is_closed_to_interpreters(interpreter, profile):
    response = client_for(interpreter).get("/admin/interpreters/language/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
