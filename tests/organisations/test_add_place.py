"""A manager adds a place of service to their institution."""

import pytest

from relais.organisations.models import Place
from tests.conftest import client_for

from .helpers import text, translated


def url(organisation) -> str:
    return f"/organisations/{organisation.pk}/places/new/"


def place_data(**overrides) -> dict:
    data = {
        "name": "Antenne Midi",
        "street": "Avenue Fonsny 12",
        "postcode": "1060",
        "commune": "",
        "access_notes": "Deuxième étage, sonner à l'accueil.",
    }
    return {**data, **overrides}


def test_a_manager_sees_an_empty_form(manager_a, org_a):
    response = client_for(manager_a).get(url(org_a))

    assert response.status_code == 200
    page = text(response)
    assert translated(manager_a, "Add a place") in page
    assert 'name="postcode"' in page


def test_a_manager_adds_a_place(manager_a, org_a):
    response = client_for(manager_a).post(url(org_a), place_data(), follow=True)

    assert response.redirect_chain == [(f"/organisations/{org_a.pk}/", 302)]
    place = org_a.places.get(name="Antenne Midi")
    assert place.street == "Avenue Fonsny 12"
    assert place.access_notes == "Deuxième étage, sonner à l'accueil."
    assert not place.is_official
    page = text(response)
    assert translated(manager_a, "The place %(name)s is saved.", name="Antenne Midi") in page
    assert "Avenue Fonsny 12, 1060 Saint-Gilles" in page


def test_the_commune_follows_from_a_brussels_postcode(manager_a, org_a):
    client_for(manager_a).post(url(org_a), place_data(postcode="1060", commune=""))

    assert org_a.places.get(name="Antenne Midi").commune == "Saint-Gilles"


def test_a_commune_typed_by_the_manager_is_kept(manager_a, org_a):
    client_for(manager_a).post(url(org_a), place_data(postcode="1000", commune="Laeken"))

    assert org_a.places.get(name="Antenne Midi").commune == "Laeken"


def test_a_place_outside_brussels_needs_its_commune(manager_a, org_a):
    client = client_for(manager_a)

    response = client.post(url(org_a), place_data(postcode="4000", commune=""))

    assert response.status_code == 200
    assert translated(manager_a, "Enter the commune.") in text(response)
    assert not org_a.places.filter(name="Antenne Midi").exists()

    client.post(url(org_a), place_data(postcode="4000", commune="Liège"))

    assert org_a.places.get(name="Antenne Midi").commune == "Liège"


@pytest.mark.parametrize("postcode", ["12A4", "0999", "123", "abcd", "\uff11\uff10\uff16\uff10"])
def test_a_postcode_that_is_not_belgian_is_refused(manager_a, org_a, postcode):
    response = client_for(manager_a).post(
        url(org_a), place_data(postcode=postcode, commune="Ailleurs")
    )

    assert response.status_code == 200
    assert translated(manager_a, "A Belgian postcode has four digits.") in text(response)
    assert not org_a.places.filter(name="Antenne Midi").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "N" * 201),
        ("street", ""),
        ("postcode", ""),
        ("postcode", "10000"),
        ("access_notes", "x" * 1001),
    ],
    ids=[
        "empty name",
        "blank name",
        "long name",
        "no street",
        "no postcode",
        "long postcode",
        "long access notes",
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(manager_a, org_a, field, value):
    places_before = Place.objects.count()

    response = client_for(manager_a).post(url(org_a), place_data(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors
    page = text(response)
    assert translated(manager_a, "Please correct the following:") in page
    for error in errors:
        assert error in page
    assert Place.objects.count() == places_before


def test_the_longest_allowed_name_and_notes_are_accepted(manager_a, org_a):
    client_for(manager_a).post(url(org_a), place_data(name="N" * 200, access_notes="x" * 1000))

    assert org_a.places.filter(name="N" * 200).exists()


def test_a_new_place_is_never_the_official_address(manager_a, org_a):
    client_for(manager_a).post(url(org_a), place_data(is_official="on"))

    assert not org_a.places.get(name="Antenne Midi").is_official
    assert org_a.places.filter(is_official=True).count() == 1


def test_a_requester_cannot_add_a_place(requester_a, org_a):
    client = client_for(requester_a)
    places_before = Place.objects.count()

    assert client.get(url(org_a)).status_code == 404
    assert client.post(url(org_a), place_data()).status_code == 404
    assert Place.objects.count() == places_before


def test_a_manager_cannot_add_a_place_to_another_institution(manager_b, org_a):
    places_before = Place.objects.count()

    response = client_for(manager_b).post(url(org_a), place_data())

    assert response.status_code == 404
    assert Place.objects.count() == places_before


def test_a_coordinator_adds_a_place_to_any_institution(coordinator, org_b):
    response = client_for(coordinator).post(url(org_b), place_data())

    assert response.status_code == 302
    assert org_b.places.filter(name="Antenne Midi").exists()


def test_a_wrong_postcode_is_the_only_error_when_the_commune_is_empty(manager_a, org_a):
    response = client_for(manager_a).post(url(org_a), place_data(postcode="12A4", commune=""))

    assert response.status_code == 200
    page = text(response)
    assert translated(manager_a, "A Belgian postcode has four digits.") in page
    assert translated(manager_a, "Enter the commune.") not in page
