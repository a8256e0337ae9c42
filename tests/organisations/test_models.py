"""Validators and constraints of institutions, memberships and places."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relais.organisations.models import (
    Membership,
    Organisation,
    Place,
    validate_enterprise_number,
    validate_postcode,
)


def organisation(**overrides) -> Organisation:
    fields = {
        "name": "Maison médicale du Midi",
        "enterprise_number": "0203.201.340",
        "invoicing_email": "factures@mm-midi.example",
    }
    return Organisation(**{**fields, **overrides})


@pytest.mark.parametrize("number", ["0203.201.341", "0203201341", "1234567890", "0203.201", "ABC"])
def test_an_enterprise_number_failing_its_check_digits_is_refused(number):
    with pytest.raises(ValidationError) as error:
        validate_enterprise_number(number)

    assert error.value.code == "invalid_enterprise_number"


@pytest.mark.django_db
def test_full_clean_refuses_an_enterprise_number_failing_its_check_digits():
    with pytest.raises(ValidationError) as error:
        organisation(enterprise_number="0203.201.341").full_clean()

    assert "enterprise_number" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["0203.201.340", "0203 201 340", "0203201340", "203.201.340"])
def test_an_enterprise_number_is_stored_compact(number):
    institution = organisation(enterprise_number=number)

    institution.full_clean()
    institution.save()

    institution.refresh_from_db()
    assert institution.enterprise_number == "0203201340"
    assert institution.enterprise_number_display == "0203.201.340"


@pytest.mark.django_db
def test_the_peppol_identifier_defaults_to_the_enterprise_number():
    institution = organisation(enterprise_number="0203.201.340")

    institution.full_clean()

    assert institution.peppol_id == "0208:0203201340"


@pytest.mark.django_db
def test_a_peppol_identifier_given_is_kept():
    institution = organisation(peppol_id="9925:BE0203201340")

    institution.full_clean()

    assert institution.peppol_id == "9925:BE0203201340"


@pytest.mark.django_db
@pytest.mark.parametrize("vat", ["0203.201.340", "BE0203201340", "BE0203.201.340", "0203 201 340"])
def test_a_vat_number_is_stored_with_its_country_prefix(vat):
    institution = organisation(vat_number=vat)

    institution.full_clean()

    assert institution.vat_number == "BE0203201340"


@pytest.mark.django_db
def test_no_vat_number_stays_empty():
    institution = organisation(vat_number="")

    institution.full_clean()

    assert institution.vat_number == ""


@pytest.mark.django_db
def test_a_vat_number_failing_its_check_digits_is_refused():
    with pytest.raises(ValidationError) as error:
        organisation(vat_number="BE0203201341").full_clean()

    assert "vat_number" in error.value.message_dict


@pytest.mark.django_db
def test_an_enterprise_number_is_unique_however_it_is_written(org_a):
    with pytest.raises(ValidationError) as error:
        organisation(enterprise_number="0203 201 340").full_clean()

    assert "enterprise_number" in error.value.message_dict


@pytest.mark.parametrize("postcode", ["1000", "1060", "4000", "9992"])
def test_a_belgian_postcode_is_accepted(postcode):
    validate_postcode(postcode)


FULLWIDTH_1060 = "\uff11\uff10\uff16\uff10"


@pytest.mark.parametrize("postcode", ["0999", "12A4", "123", "10000", " 106", "", FULLWIDTH_1060])
def test_a_postcode_that_is_not_four_digits_is_refused(postcode):
    with pytest.raises(ValidationError) as error:
        validate_postcode(postcode)

    assert error.value.code == "invalid_postcode"


def test_the_enterprise_number_is_displayed_with_dots():
    assert organisation(enterprise_number="0412345614").enterprise_number_display == "0412.345.614"


def test_an_address_reads_street_postcode_commune():
    place = Place(street="Rue Haute 322", postcode="1000", commune="Bruxelles")

    assert place.address == "Rue Haute 322, 1000 Bruxelles"


@pytest.mark.django_db
def test_an_institution_has_only_one_official_place(org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(
            organisation=org_a,
            name="Second siège",
            street="Rue de Mérode 1",
            postcode="1060",
            commune="Saint-Gilles",
            is_official=True,
        )

    assert org_a.places.filter(is_official=True).count() == 1


@pytest.mark.django_db
def test_an_institution_has_as_many_other_places_as_it_needs(org_a, org_b):
    for number in range(3):
        Place.objects.create(
            organisation=org_a,
            name=f"Antenne {number}",
            street="Rue Haute 1",
            postcode="1000",
            commune="Bruxelles",
        )

    assert org_a.places.filter(is_official=False).count() == 4
    assert org_b.official_place.street == "Rue Haute 322"


@pytest.mark.django_db
def test_a_person_is_a_member_of_an_institution_once(requester_a, org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=requester_a, organisation=org_a)
