"""Submitting a request: a hold on the best interpreter, or fresh alternatives."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import NoLongerAvailable, submit_booking, waitlist_booking
from relais.matching.alternatives import SLOT, WAITLIST
from tests.bookings.helpers import MONDAY, active_interpreters, at, draft, saved_draft


def test_it_holds_the_best_interpreter(org_a, code_a, requester_a, arabic, ilham, youssef):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert booking.status == Booking.Status.RECEIVED
    assert booking.submitted_at is not None
    # Equal candidates: the lowest id comes first.
    assert active_interpreters(booking) == [(ilham.pk, Assignment.Kind.HOLD)]
    hold = booking.assignments.get()
    assert (hold.start, hold.end) == (at(MONDAY, "10:00"), at(MONDAY, "11:00"))


def test_it_prefers_fewest_recent_hours(org_a, code_a, requester_a, arabic, ilham, youssef):
    past = saved_draft(org_a, code_a, requester_a, arabic)
    Assignment.objects.create(
        booking=past,
        interpreter=ilham,
        kind=Assignment.Kind.CONFIRMED,
        start=at("2030-05-27", "10:00"),
        end=at("2030-05-27", "11:00"),
    )
    booking = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "14:00")),
        by=requester_a,
        now=at("2030-05-31", "12:00"),
    )
    assert active_interpreters(booking) == [(youssef.pk, Assignment.Kind.HOLD)]


def test_it_writes_the_history(org_a, code_a, requester_a, arabic, ilham):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    event = booking.history.get()
    assert (event.action, event.from_status, event.to_status) == (
        BookingEvent.Action.SUBMITTED,
        Booking.Status.DRAFT,
        Booking.Status.RECEIVED,
    )
    assert event.actor == requester_a
    assert event.interpreter == ilham


def test_it_offers_alternatives_when_nobody_is_free(org_a, code_a, requester_a, arabic, ilham):
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    with pytest.raises(NoLongerAvailable) as refused:
        submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    analysis = refused.value.analysis
    assert not analysis.available
    assert analysis.why.speakers == 1
    assert analysis.why.booked == 1
    kinds = [alternative.kind for alternative in analysis.alternatives]
    assert kinds[0] == SLOT
    assert kinds[-1] == WAITLIST
    # Nothing was saved for the refused request.
    assert Booking.objects.count() == 1


def test_it_takes_the_next_interpreter_when_the_travel_gap_is_too_short(
    org_a, code_a, requester_a, arabic, ilham, youssef
):
    # Ilham ends at 10:00 in Saint-Gilles; a service at 10:00 elsewhere needs travel.
    submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "09:00")),
        by=requester_a,
    )
    second = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "09:00")),
        by=requester_a,
    )
    assert active_interpreters(second) == [(youssef.pk, Assignment.Kind.HOLD)]
    third = draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "10:00"))
    with pytest.raises(NoLongerAvailable):
        submit_booking(booking=third, by=requester_a)


def test_the_travel_margin_is_carried_by_the_later_service(
    org_a, code_a, requester_a, arabic, ilham
):
    first = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "09:00")),
        by=requester_a,
    )
    second = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "11:00")),
        by=requester_a,
    )
    assert first.assignments.get().travel_before_minutes == 0
    # Saint-Gilles to Saint-Gilles: the fixed part of any journey.
    assert second.assignments.get().travel_before_minutes == 10


def test_a_double_submit_creates_nothing_new(org_a, code_a, requester_a, arabic, ilham, youssef):
    key = uuid.uuid4()
    first = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, idempotency_key=key), by=requester_a
    )
    again = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, idempotency_key=key), by=requester_a
    )
    assert again.pk == first.pk
    assert submit_booking(booking=first, by=requester_a).pk == first.pk
    assert Booking.objects.count() == 1
    assert Assignment.objects.count() == 1
    assert BookingEvent.objects.count() == 1


def test_it_refuses_an_invalid_draft(org_a, code_a, requester_a, arabic, ilham):
    booking = draft(org_a, code_a, requester_a, arabic, onsite_contact_name="")
    with pytest.raises(ValidationError):
        submit_booking(booking=booking, by=requester_a)
    assert not Booking.objects.exists()


def test_it_refuses_a_past_date(org_a, code_a, requester_a, arabic, ilham):
    booking = draft(org_a, code_a, requester_a, arabic)
    with pytest.raises(ValidationError):
        submit_booking(booking=booking, by=requester_a, now=at(MONDAY, "12:00"))
    assert not Booking.objects.exists()


def test_it_puts_a_request_on_the_waiting_list(org_a, code_a, requester_a, arabic):
    booking = waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert booking.status == Booking.Status.WAITLISTED
    assert not booking.assignments.exists()
    assert booking.history.get().action == BookingEvent.Action.WAITLISTED
