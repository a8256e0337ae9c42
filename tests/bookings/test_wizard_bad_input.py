"""Bad input in the request wizard: a clear message in the requester's
language, and nothing saved — never a 500, never a half-saved request."""

import pytest
from django.forms.models import model_to_dict

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from relais.organisations.models import Membership, Place
from relais.organisations.services import create_organisation
from tests.bookings.helpers import MONDAY
from tests.bookings.wizard_helpers import STEP_DATA, fill_all, post_step, start
from tests.conftest import client_for, in_language, page_text

WHEN = STEP_DATA["when"]


@pytest.fixture
def filled(requester_a, code_a, arabic, ilham):
    """A complete on-site draft of requester A, and their browser."""
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    booking.refresh_from_db()
    return client, booking


def refused(client, booking, step, data, message, *, language="fr", **params):
    """Post a step; the page says `message` and the draft is as it was."""
    before = model_to_dict(Booking.objects.get(pk=booking.pk))
    response = post_step(client, booking, step, data)
    assert response.status_code == 200
    assert in_language(language, message, **params) in page_text(response)
    assert model_to_dict(Booking.objects.get(pk=booking.pk)) == before


def test_a_date_in_the_past(filled):
    client, booking = filled
    refused(client, booking, "when", WHEN | {"date": "2020-01-06"}, "This date is in the past.")
    refused(
        client,
        booking,
        "when",
        WHEN | {"alt_date": "2020-01-07"},
        "The alternative date is in the past.",
    )


def test_a_date_that_does_not_exist(filled):
    client, booking = filled
    refused(client, booking, "when", WHEN | {"date": "2030-02-30"}, "Enter a valid date.")


@pytest.mark.parametrize("minutes", ["5", "14", "660", "ten"])
def test_a_duration_outside_15_minutes_to_10_hours(filled, minutes):
    client, booking = filled
    refused(
        client,
        booking,
        "when",
        WHEN | {"duration_minutes": minutes},
        "Select a valid choice. %(value)s is not one of the available choices.",
        value=minutes,
    )


@pytest.mark.parametrize(
    ("day", "time"),
    [(MONDAY, "07:00"), (MONDAY, "19:30"), ("2030-06-08", "10:00"), ("2030-06-10", "10:00")],
    ids=["before opening", "ends after closing", "Saturday", "Whit Monday"],
)
def test_a_start_outside_the_opening_hours(filled, day, time):
    client, booking = filled
    refused(
        client,
        booking,
        "when",
        WHEN | {"date": day, "start_time": time},
        "Services can be booked on working days from %(start)s to %(end)s, except public holidays.",
        start="08:00",
        end="20:00",
    )


def test_an_unknown_or_withdrawn_language(filled, tigrinya):
    client, booking = filled
    refused(client, booking, "language", {"language": "999999"}, "Choose a language from the list.")
    tigrinya.is_active = False
    tigrinya.save()
    refused(
        client,
        booking,
        "language",
        {"language": booking.language_id, "alt_language": tigrinya.pk},
        "Choose a language from the list.",
    )
    refused(
        client,
        booking,
        "language",
        {"language": booking.language_id, "alt_language": booking.language_id},
        "The alternative language must differ from the language.",
    )


def test_a_billing_code_or_contact_of_another_institution(filled, code_b, requester_b):
    client, booking = filled
    invalid = "Select a valid choice. That choice is not one of the available choices."
    refused(
        client,
        booking,
        "who",
        {"billing_code": code_b.pk, "contact": booking.contact_id},
        invalid,
    )
    refused(
        client,
        booking,
        "who",
        {"billing_code": booking.billing_code_id, "contact": requester_b.pk},
        invalid,
    )


def test_a_place_of_another_institution(filled, org_b):
    client, booking = filled
    places = Place.objects.count()
    refused(
        client,
        booking,
        "details",
        STEP_DATA["details_place"] | {"place": org_b.official_place.pk},
        "Select a valid choice. %(value)s is not one of the available choices.",
        value=org_b.official_place.pk,
    )
    assert Place.objects.count() == places


def test_a_missing_on_site_contact(filled):
    client, booking = filled
    refused(
        client,
        booking,
        "details",
        STEP_DATA["details_place"]
        | {"place": booking.place_id, "onsite_contact_name": "", "onsite_contact_phone": ""},
        "Give the name of the person who receives the interpreter.",
    )


def test_an_institution_the_requester_is_not_a_member_of(requester_a, org_a, org_b, code_a):
    second = create_organisation(
        name="Maison médicale du Midi",
        enterprise_number="0417.497.106",
        invoicing_email="factures@mm-midi.example",
        street="Rue de Mérode 12",
        postcode="1060",
    )
    Membership.objects.create(user=requester_a, organisation=second)
    client = client_for(requester_a)
    response = client.post("/requests/new/", {"organisation": org_b.pk, "modality": "on_site"})
    assert response.status_code == 200
    assert in_language(
        "fr", "Select a valid choice. That choice is not one of the available choices."
    ) in page_text(response)
    assert not Booking.objects.exists()


def test_an_unknown_type_of_service(requester_a, code_a):
    response = client_for(requester_a).post("/requests/new/", {"modality": "teleportation"})
    assert response.status_code == 200
    assert in_language(
        "fr",
        "Select a valid choice. %(value)s is not one of the available choices.",
        value="teleportation",
    ) in page_text(response)
    assert not Booking.objects.exists()


def test_an_unknown_step_or_draft(filled, requester_a):
    client, booking = filled
    assert client.get(f"/requests/new/{booking.pk}/payment/").status_code == 404
    assert client.post(f"/requests/new/{booking.pk}/payment/", {}).status_code == 404
    assert client.get("/requests/new/999999/who/").status_code == 404


def test_no_alternative_chosen(filled, ilham):
    client, booking = filled
    ilham.is_active = False
    ilham.save()
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {})
    assert response.status_code == 200
    assert in_language("fr", "Choose one of the possibilities.") in page_text(response)


def test_the_messages_follow_the_requesters_language(requester_b, code_b, arabic):
    client = client_for(requester_b)
    booking = start(client)
    fill_all(client, booking, arabic)
    booking.refresh_from_db()
    refused(
        client,
        booking,
        "when",
        WHEN | {"date": "2020-01-06"},
        "This date is in the past.",
        language="nl",
    )
    assert in_language("nl", "This date is in the past.") != "This date is in the past."


def test_a_series_ending_before_it_starts(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client, Modality.PERMANENCE)
    fill_all(client, booking, arabic)
    booking.refresh_from_db()
    refused(
        client,
        booking,
        "when",
        WHEN | {"duration_minutes": "180", "repeat": "weekly", "repeat_until": "2030-05-01"},
        "The series must end after its first day.",
    )
    refused(
        client,
        booking,
        "when",
        WHEN | {"duration_minutes": "180", "repeat": "weekly"},
        "Give the date of the last occurrence.",
    )
