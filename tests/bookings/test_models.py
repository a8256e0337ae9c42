"""What a request must say before it can be submitted."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from relais.bookings.models import Booking, PhoneCaller
from relais.interpreters.models import Modality
from relais.organisations.models import Place
from tests.bookings.helpers import at, draft


def errors_of(booking) -> set[str]:
    with pytest.raises(ValidationError) as invalid:
        booking.full_clean()
    return set(invalid.value.message_dict)


def test_on_site_needs_a_place_and_an_onsite_contact(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        place=None,
        onsite_contact_name="",
        onsite_contact_phone="",
    )
    assert errors_of(booking) == {"place", "onsite_contact_name", "onsite_contact_phone"}


def test_a_standing_shift_needs_an_onsite_contact(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        modality=Modality.PERMANENCE,
        duration_minutes=180,
        onsite_contact_name="",
    )
    assert errors_of(booking) == {"onsite_contact_name"}


def test_a_standing_shift_lasts_two_hours_at_least(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a, code_a, requester_a, arabic, modality=Modality.PERMANENCE, duration_minutes=105
    )
    assert errors_of(booking) == {"duration_minutes"}


def test_a_phone_number_is_digits(org_a, code_a, requester_a, arabic):
    booking = draft(org_a, code_a, requester_a, arabic, onsite_contact_phone="call Marie")
    assert errors_of(booking) == {"onsite_contact_phone"}


def test_video_needs_no_place(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        modality=Modality.VIDEO,
        place=None,
        onsite_contact_name="",
        onsite_contact_phone="",
        video_link_later=True,
    )
    booking.full_clean()


def test_phone_needs_a_number_and_who_calls(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        modality=Modality.PHONE,
        place=None,
        onsite_contact_name="",
        onsite_contact_phone="",
    )
    assert errors_of(booking) == {"phone_number", "phone_who_calls"}
    booking.phone_number = "0470 12 34 56"
    booking.phone_who_calls = PhoneCaller.INTERPRETER
    booking.full_clean()


@pytest.mark.parametrize("minutes", [0, 14, 601])
def test_durations_lie_between_15_minutes_and_10_hours(minutes, org_a, code_a, requester_a, arabic):
    booking = draft(org_a, code_a, requester_a, arabic, duration_minutes=minutes)
    assert errors_of(booking) == {"duration_minutes"}


def test_dates_in_the_past_are_refused(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        start=at("2020-01-06", "10:00"),
        alt_start=at("2020-01-07", "10:00"),
    )
    assert errors_of(booking) == {"start", "alt_start"}


def test_a_billing_code_of_another_institution_is_refused(
    org_a, code_a, code_b, requester_a, arabic
):
    booking = draft(org_a, code_b, requester_a, arabic)
    assert errors_of(booking) == {"billing_code"}
    assert not Booking.objects.exists()


def test_a_place_of_another_institution_is_refused(org_a, org_b, code_a, requester_a, arabic):
    booking = draft(org_a, code_a, requester_a, arabic, place=org_b.official_place)
    assert errors_of(booking) == {"place"}
    assert not Place.objects.filter(organisation=org_a, pk=org_b.official_place.pk).exists()


def test_the_contact_must_be_a_member(org_a, code_a, requester_a, requester_b, arabic):
    booking = draft(org_a, code_a, requester_a, arabic, contact=requester_b)
    assert errors_of(booking) == {"contact"}


@pytest.mark.parametrize(
    ("day", "start", "minutes"),
    [
        ("2030-06-08", "10:00", 60),  # a Saturday
        ("2030-05-30", "10:00", 60),  # Ascension Day, a Thursday
        ("2030-06-10", "10:00", 60),  # Whit Monday
        ("2030-11-11", "10:00", 60),  # Armistice Day, a Monday
        ("2030-06-03", "07:30", 60),  # before 8:00
        ("2030-06-03", "19:30", 60),  # ends after 20:00
    ],
)
def test_services_are_booked_within_opening_hours(
    day, start, minutes, org_a, code_a, requester_a, arabic
):
    booking = draft(
        org_a, code_a, requester_a, arabic, start=at(day, start), duration_minutes=minutes
    )
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        booking.full_clean()

    assert invalid.value.message_dict == {
        "start": [
            "Services can be booked on working days from 08:00 to 20:00, except public holidays."
        ]
    }


def test_a_service_ending_at_20_on_a_working_day_is_accepted(org_a, code_a, requester_a, arabic):
    booking = draft(
        org_a, code_a, requester_a, arabic, start=at("2030-06-04", "10:00"), duration_minutes=600
    )
    booking.full_clean()


def test_the_alternative_date_is_within_opening_hours_too(org_a, code_a, requester_a, arabic):
    booking = draft(org_a, code_a, requester_a, arabic, alt_start=at("2030-06-09", "10:00"))

    assert errors_of(booking) == {"alt_start"}  # a Sunday
