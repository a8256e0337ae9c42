"""A manager edits a place of service of their institution, and only of theirs."""

import pytest

from relais.organisations.models import Place
from tests.conftest import client_for

from .helpers import text, translated


def url(organisation, place) -> str:
    return f"/organisations/{organisation.pk}/places/{place.pk}/edit/"


@pytest.fixture
def place_a(org_a):
    return org_a.places.get(name="Antenne sociale Porte de Hal")


@pytest.fixture
def place_b(org_b):
    return org_b.places.get(is_official=True)


def as_stored(place) -> tuple:
    return (
        Place.objects.filter(pk=place.pk)
        .values_list(
            "organisation_id",
            "name",
            "street",
            "postcode",
            "commune",
            "access_notes",
            "is_official",
        )
        .get()
    )


def place_data(place, **overrides) -> dict:
    data = {
        "name": place.name,
        "street": place.street,
        "postcode": place.postcode,
        "commune": place.commune,
        "access_notes": place.access_notes,
    }
    return {**data, **overrides}


def test_the_form_shows_the_current_values(manager_a, org_a, place_a):
    response = client_for(manager_a).get(url(org_a, place_a))

    assert response.status_code == 200
    page = text(response)
    assert translated(manager_a, "Edit a place") in page
    assert 'value="Antenne sociale Porte de Hal"' in page
    assert 'value="Boulevard du Midi 25"' in page


def test_a_manager_edits_a_place(manager_a, org_a, place_a):
    response = client_for(manager_a).post(
        url(org_a, place_a),
        place_data(place_a, name="Antenne Porte de Hal", access_notes="Entrée par la cour."),
        follow=True,
    )

    assert response.redirect_chain == [(f"/organisations/{org_a.pk}/", 302)]
    place_a.refresh_from_db()
    assert place_a.name == "Antenne Porte de Hal"
    assert place_a.access_notes == "Entrée par la cour."
    page = text(response)
    assert (
        translated(manager_a, "The place %(name)s is saved.", name="Antenne Porte de Hal") in page
    )
    assert "Entrée par la cour." in page


def test_emptying_the_commune_takes_it_from_the_new_postcode(manager_a, org_a, place_a):
    client_for(manager_a).post(
        url(org_a, place_a), place_data(place_a, postcode="1060", commune="")
    )

    place_a.refresh_from_db()
    assert (place_a.postcode, place_a.commune) == ("1060", "Saint-Gilles")


def test_the_official_address_stays_official_when_edited(manager_a, org_a):
    official = org_a.official_place

    client_for(manager_a).post(
        url(org_a, official), place_data(official, street="Rue Fernand Bernier 42")
    )

    official.refresh_from_db()
    assert official.street == "Rue Fernand Bernier 42"
    assert official.is_official


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode", "12A4"),
        ("postcode", "0999"),
        ("name", ""),
        ("name", "N" * 201),
        ("access_notes", "x" * 1001),
    ],
)
def test_bad_input_leaves_the_place_unchanged(manager_a, org_a, place_a, field, value):
    before = as_stored(place_a)

    response = client_for(manager_a).post(
        url(org_a, place_a), place_data(place_a, **{field: value})
    )

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    page = text(response)
    for error in errors:
        assert error in page
    assert as_stored(place_a) == before


def test_a_postcode_outside_brussels_without_commune_is_refused(manager_a, org_a, place_a):
    before = as_stored(place_a)

    response = client_for(manager_a).post(
        url(org_a, place_a), place_data(place_a, postcode="9000", commune="")
    )

    assert response.status_code == 200
    assert translated(manager_a, "Enter the commune.") in text(response)
    assert as_stored(place_a) == before


def test_a_place_of_another_institution_cannot_be_edited_through_ones_own(
    manager_a, org_a, place_b
):
    before = as_stored(place_b)
    client = client_for(manager_a)

    assert client.get(url(org_a, place_b)).status_code == 404
    response = client.post(url(org_a, place_b), place_data(place_b, name="Pris"))

    assert response.status_code == 404
    assert as_stored(place_b) == before


def test_a_place_of_another_institution_cannot_be_edited_through_its_own_url(
    manager_a, org_b, place_b
):
    before = as_stored(place_b)

    response = client_for(manager_a).post(url(org_b, place_b), place_data(place_b, name="Pris"))

    assert response.status_code == 404
    assert as_stored(place_b) == before


def test_a_requester_cannot_edit_a_place(requester_a, org_a, place_a):
    before = as_stored(place_a)
    client = client_for(requester_a)

    assert client.get(url(org_a, place_a)).status_code == 404
    assert client.post(url(org_a, place_a), place_data(place_a, name="Pris")).status_code == 404
    assert as_stored(place_a) == before


def test_an_unknown_place_is_not_found(manager_a, org_a):
    response = client_for(manager_a).get(f"/organisations/{org_a.pk}/places/999999/edit/")

    assert response.status_code == 404
