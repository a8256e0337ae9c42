"""create_organisation: an institution and its official address, all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from relais.organisations.models import Organisation, Place
from relais.organisations.services import create_organisation

pytestmark = pytest.mark.django_db


def create(**overrides) -> Organisation:
    fields = {
        "name": "CPAS d'Ixelles",
        "enterprise_number": "0212.344.084",
        "invoicing_email": "factures@cpas-ixelles.example",
        "street": "Chaussée de Boondael 92",
        "postcode": "1050",
    }
    return create_organisation(**{**fields, **overrides})


def test_it_creates_the_institution_with_its_official_address():
    institution = create()

    assert institution.enterprise_number == "0212344084"
    assert institution.peppol_id == "0208:0212344084"
    official = institution.official_place
    assert official.name == "CPAS d'Ixelles"
    assert official.address == "Chaussée de Boondael 92, 1050 Ixelles"
    assert official.is_official


def test_it_stores_the_vat_number_with_its_prefix():
    institution = create(vat_number="0212.344.084")

    institution.refresh_from_db()
    assert institution.vat_number == "BE0212344084"


def test_it_refuses_an_enterprise_number_failing_its_check_digits():
    with pytest.raises(ValidationError) as error:
        create(enterprise_number="0212.344.085")

    assert "enterprise_number" in error.value.message_dict
    assert not Organisation.objects.exists()
    assert not Place.objects.exists()


def test_it_refuses_an_enterprise_number_already_registered(org_a):
    with pytest.raises(ValidationError) as error:
        create(enterprise_number="0203201340")

    assert "enterprise_number" in error.value.message_dict
    assert Organisation.objects.count() == 1


def test_nothing_is_kept_when_the_official_address_is_invalid():
    with pytest.raises(ValidationError) as error:
        create(postcode="12A4")

    assert "postcode" in error.value.message_dict
    assert not Organisation.objects.exists()
    assert not Place.objects.exists()


def test_an_official_address_outside_brussels_needs_its_commune():
    with pytest.raises(ValidationError) as error:
        create(postcode="4000")

    assert "commune" in error.value.message_dict
    assert not Organisation.objects.exists()

    assert create(postcode="4000", commune="Liège").official_place.commune == "Liège"
