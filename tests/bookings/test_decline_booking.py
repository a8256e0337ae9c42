"""A coordinator declines a request, saying why; the interpreter is free again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import decline_booking, submit_booking
from tests.bookings.helpers import active_interpreters, draft


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham):
    return submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)


def test_it_declines_and_frees_the_interpreter(
    received, coordinator, org_a, code_a, requester_a, arabic, ilham
):
    booking = decline_booking(booking=received, by=coordinator, reason="Hors zone")
    assert booking.status == Booking.Status.DECLINED
    assert active_interpreters(booking) == []
    event = booking.history.last()
    assert (event.action, event.reason, event.actor) == (
        BookingEvent.Action.DECLINED,
        "Hors zone",
        coordinator,
    )
    again = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert active_interpreters(again) == [(ilham.pk, Assignment.Kind.HOLD)]


def test_it_needs_a_reason(received, coordinator):
    with pytest.raises(ValidationError):
        decline_booking(booking=received, by=coordinator, reason="  ")
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED


def test_it_only_allows_coordinators(received, requester_a):
    with pytest.raises(PermissionDenied):
        decline_booking(booking=received, by=requester_a, reason="Non")
