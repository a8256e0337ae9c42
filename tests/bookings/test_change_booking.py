"""Changing a request before its service: the analysis runs again, the
interpreter is kept when still free, otherwise the request goes back to the
coordinators with the next one held; the history shows before and after."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relais.bookings.models import Booking, BookingEvent
from relais.bookings.services import (
    change_booking,
    confirm_booking,
    submit_booking,
    waitlist_booking,
)
from relais.interpreters.models import Modality
from relais.interpreters.services import add_absence
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.conftest import client_for, in_language, page_text


def held_by(booking):
    assignment = booking.assignments.filter(released_at=None).first()
    return assignment.interpreter if assignment else None


@pytest.fixture
def confirmed(org_a, code_a, requester_a, arabic, ilham, coordinator):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    return confirm_booking(booking=booking, by=coordinator)


def test_the_interpreter_keeps_a_request_they_can_still_take(confirmed, requester_a, ilham):
    booking = change_booking(
        booking=confirmed,
        by=requester_a,
        values={"start": at(MONDAY, "14:00"), "duration_minutes": 90},
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert held_by(booking) == ilham
    assignment = booking.assignments.get(released_at=None)
    assert (assignment.start, assignment.end) == (at(MONDAY, "14:00"), at(MONDAY, "15:30"))
    event = booking.history.last()
    assert event.action == BookingEvent.Action.CHANGED
    assert event.changes == {
        "start": [at(MONDAY, "10:00").isoformat(), at(MONDAY, "14:00").isoformat()],
        "duration_minutes": [60, 90],
    }
    templates = set(OutboxEmail.objects.values_list("template", flat=True))
    assert {"booking_changed", "assignment_changed", "booking_changed_team"} <= templates


def test_an_interpreter_who_cannot_follow_is_replaced(
    confirmed, requester_a, ilham, arabic, coordinator
):
    youssef = make_interpreter("youssef@example.org", arabic)
    add_absence(profile=ilham, starts_on=date(2030, 6, 4), ends_on=date(2030, 6, 4))
    booking = change_booking(
        booking=confirmed, by=requester_a, values={"start": at("2030-06-04", "10:00")}
    )
    # Back to the coordinators, with the next interpreter held.
    assert booking.status == Booking.Status.RECEIVED
    assert held_by(booking) == youssef
    released = OutboxEmail.objects.get(template="assignment_released")
    assert released.to == ilham.user.email


def test_nobody_free_after_the_change_puts_it_on_the_waiting_list(confirmed, requester_a, ilham):
    add_absence(profile=ilham, starts_on=date(2030, 6, 4), ends_on=date(2030, 6, 4))
    booking = change_booking(
        booking=confirmed, by=requester_a, values={"start": at("2030-06-04", "10:00")}
    )
    assert booking.status == Booking.Status.WAITLISTED
    assert held_by(booking) is None


def test_a_waiting_request_changed_to_a_free_time_gets_a_hold(
    org_a, code_a, requester_a, arabic, ilham
):
    add_absence(profile=ilham, starts_on=date(2030, 6, 3), ends_on=date(2030, 6, 3))
    waiting = waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    booking = change_booking(
        booking=waiting, by=requester_a, values={"start": at("2030-06-04", "10:00")}
    )
    assert (booking.status, held_by(booking)) == (Booking.Status.RECEIVED, ilham)


def test_on_site_to_video(confirmed, requester_a, ilham):
    booking = change_booking(
        booking=confirmed,
        by=requester_a,
        values={
            "modality": Modality.VIDEO,
            "place": None,
            "onsite_contact_name": "",
            "onsite_contact_phone": "",
            "video_link_later": True,
        },
    )
    assert (booking.modality, booking.place, held_by(booking)) == (Modality.VIDEO, None, ilham)
    changes = booking.history.last().changes
    assert changes["modality"] == ["on_site", "video"]
    assert changes["onsite_contact_name"] is None  # changed; no free text in the history


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"start": at("2020-01-06", "10:00")}, "start", "This date is in the past."),
        ({"duration_minutes": 700}, "duration_minutes", None),
        ({"modality": Modality.PHONE}, "phone_number", "Give the number to call."),
        ({"start": at("2030-06-08", "10:00")}, "start", None),  # a Saturday
    ],
)
def test_a_wrong_change_changes_nothing(confirmed, requester_a, values, field, message):
    with pytest.raises(ValidationError) as refused:
        change_booking(booking=confirmed, by=requester_a, values=values)
    assert field in refused.value.error_dict
    if message:
        assert in_language("fr", message) in refused.value.message_dict[field]
    fresh = Booking.objects.get(pk=confirmed.pk)
    assert (fresh.start, fresh.duration_minutes, fresh.modality, fresh.status) == (
        confirmed.start,
        confirmed.duration_minutes,
        confirmed.modality,
        Booking.Status.CONFIRMED,
    )
    assert fresh.events.count() == confirmed.events.count()


def test_nothing_to_change(confirmed, requester_a):
    with pytest.raises(ValidationError):
        change_booking(booking=confirmed, by=requester_a, values={"duration_minutes": 60})


def test_another_institution_cannot_change_it(confirmed, requester_b):
    with pytest.raises(PermissionDenied):
        change_booking(booking=confirmed, by=requester_b, values={"duration_minutes": 90})
    response = client_for(requester_b).post(f"/requests/{confirmed.pk}/change/", {})
    assert response.status_code == 404
    assert Booking.objects.get(pk=confirmed.pk).duration_minutes == 60


def test_the_change_page_and_the_history(confirmed, requester_a, arabic, org_a):
    client = client_for(requester_a)
    page = page_text(client.get(f"/requests/{confirmed.pk}/change/"))
    assert 'value="2030-06-03"' in page
    response = client.post(
        f"/requests/{confirmed.pk}/change/",
        {
            "modality": "on_site",
            "date": "2030-06-03",
            "start_time": "11:00",
            "duration_minutes": "90",
            "language": arabic.pk,
            "place": org_a.official_place.pk,
            "onsite_contact_name": "Accueil",
            "onsite_contact_phone": "02 555 01 01",
        },
    )
    assert response["Location"] == f"/requests/{confirmed.pk}/"
    detail = page_text(client.get(response["Location"]))
    assert in_language("fr", "The request is changed; the interpreter keeps it.") in detail
    # Before and after, in the reader's language.
    assert "10:00 → " in detail and "11:00" in detail
    assert "1 h 00 → 1 h 30" in detail


def test_the_change_page_refuses_a_date_in_the_past_in_the_users_language(
    confirmed, requester_a, arabic, org_a
):
    response = client_for(requester_a).post(
        f"/requests/{confirmed.pk}/change/",
        {
            "modality": "on_site",
            "date": "2021-06-03",
            "start_time": "11:00",
            "duration_minutes": "60",
            "language": arabic.pk,
            "place": org_a.official_place.pk,
            "onsite_contact_name": "Accueil",
            "onsite_contact_phone": "02 555 01 01",
        },
    )
    assert response.status_code == 200
    assert in_language("fr", "This date is in the past.") in page_text(response)
    assert Booking.objects.get(pk=confirmed.pk).start == at(MONDAY, "10:00")
