"""Languages, and only the token's own institution's billing codes and places."""

from relais.organisations.models import Place


def test_languages_are_named_in_the_callers_language(api_a, arabic, tigrinya):
    french = api_a.get("/languages").json()
    dutch = api_a.get("/languages", HTTP_ACCEPT_LANGUAGE="nl").json()

    assert {"code": "ar", "name": arabic.name_fr} in french
    assert {"code": "ti", "name": tigrinya.name_nl} in dutch


def test_billing_codes_of_the_institution_only(api_a, code_a, code_b, org_a):
    assert api_a.get("/billing-codes").json() == [
        {"id": code_a.pk, "code": "CPAS-SG-01", "label": "Service social", "payer": org_a.name}
    ]


def test_places_of_the_institution_only(api_a, org_a, org_b):
    Place.objects.create(
        organisation=org_b, name="B", street="Rue Haute 1", postcode="1000", commune="Bruxelles"
    )
    names = {place["name"] for place in api_a.get("/places").json()}

    assert names == set(org_a.places.values_list("name", flat=True))
    assert len(names) == 2
