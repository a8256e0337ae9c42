"""A coordinator confirms a received request, keeping or changing the interpreter."""

import pytest
from django.core.exceptions import PermissionDenied

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import NoLongerAvailable, confirm_booking, submit_booking
from tests.bookings.helpers import active_interpreters, draft


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham, youssef):
    return submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)


def test_it_confirms_the_held_interpreter(received, coordinator, ilham):
    booking = confirm_booking(booking=received, by=coordinator)
    assert booking.status == Booking.Status.CONFIRMED
    assert active_interpreters(booking) == [(ilham.pk, Assignment.Kind.CONFIRMED)]
    event = booking.history.last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        BookingEvent.Action.CONFIRMED,
        Booking.Status.RECEIVED,
        Booking.Status.CONFIRMED,
        coordinator,
    )


def test_it_only_allows_coordinators(received, requester_a):
    with pytest.raises(PermissionDenied):
        confirm_booking(booking=received, by=requester_a)
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED


def test_it_changes_the_interpreter(received, coordinator, youssef):
    booking = confirm_booking(booking=received, by=coordinator, interpreter=youssef)
    assert active_interpreters(booking) == [(youssef.pk, Assignment.Kind.CONFIRMED)]
    assert booking.assignments.count() == 2  # the released hold stays for the record
    assert booking.history.last().interpreter == youssef


def test_a_busy_interpreter_changes_nothing(
    received, coordinator, org_a, code_a, requester_a, arabic, ilham, youssef
):
    other = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert active_interpreters(other) == [(youssef.pk, Assignment.Kind.HOLD)]
    with pytest.raises(NoLongerAvailable) as refused:
        confirm_booking(booking=received, by=coordinator, interpreter=youssef)
    assert youssef.pk not in [m.interpreter_id for m in refused.value.analysis.matches]
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED
    assert active_interpreters(received) == [(ilham.pk, Assignment.Kind.HOLD)]


def test_a_double_click_confirms_once(received, coordinator):
    confirm_booking(booking=received, by=coordinator)
    confirm_booking(booking=received, by=coordinator)
    assert received.events.filter(action=BookingEvent.Action.CONFIRMED).count() == 1
