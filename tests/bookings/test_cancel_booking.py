"""Cancelling a request before its service (issue: after booking, point 1):
by the institution (reason required) or a coordinator; late cancellations of
a confirmed request are billable, and the requester is told before confirming."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from relais.bookings.models import Booking, BookingEvent
from relais.bookings.services import (
    cancel_booking,
    confirm_booking,
    late_cancellation_deadline,
    submit_booking,
    waitlist_booking,
)
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import MONDAY, at, draft
from tests.conftest import client_for, in_language, page_text

# The service: Monday 3 June 2030, 10:00-11:00 (helpers.MONDAY).
EARLY = at("2030-05-30", "12:00")  # the Thursday before
LATE = at("2030-05-31", "10:30")  # Friday, after 10:00


@pytest.mark.parametrize(
    ("service", "deadline"),
    [
        (at(MONDAY, "10:00"), at("2030-05-31", "10:00")),  # Monday: the Friday before
        (at("2030-06-05", "14:30"), at("2030-06-04", "14:30")),  # Wednesday: Tuesday
        (at("2030-06-11", "09:00"), at("2030-06-07", "09:00")),  # after Whit Monday: Friday
        (at("2030-11-04", "10:00"), at("2030-10-31", "10:00")),  # Friday 1 Nov is a holiday
        (at("2030-10-28", "10:00"), at("2030-10-25", "10:00")),  # across the change to winter
    ],
)
def test_free_until_the_same_time_one_working_day_before(service, deadline):
    assert late_cancellation_deadline(service) == deadline


def test_the_delay_is_a_setting(settings):
    settings.LATE_CANCELLATION_WORKING_DAYS = 2
    # Friday 31 May, then Wednesday 29: Thursday 30 May 2030 is Ascension Day.
    assert late_cancellation_deadline(at(MONDAY, "10:00")) == at("2030-05-29", "10:00")


@pytest.fixture
def confirmed(org_a, code_a, requester_a, arabic, ilham, coordinator):
    booking = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic), by=requester_a, now=EARLY
    )
    return confirm_booking(booking=booking, by=coordinator, now=EARLY)


def test_a_timely_cancellation_frees_the_interpreter_and_costs_nothing(
    confirmed, requester_a, sent_emails
):
    before = len(sent_emails())
    booking = cancel_booking(
        booking=confirmed, by=requester_a, reason="Rendez-vous reporté", now=EARLY
    )
    assert booking.status == Booking.Status.CANCELLED
    assert not booking.late_cancellation
    assert not booking.assignments.filter(released_at=None).exists()
    event = booking.history.last()
    assert (event.action, event.reason, event.actor) == (
        BookingEvent.Action.CANCELLED,
        "Rendez-vous reporté",
        requester_a,
    )
    emails = {email.to[0]: email for email in sent_emails()[before:]}
    assert set(emails) == {requester_a.email, "ilham@example.org", "relais@localhost"}
    for address in (requester_a.email, "ilham@example.org"):
        calendar = emails[address].attachments[0][1]
        assert "STATUS:CANCELLED" in (calendar if isinstance(calendar, str) else calendar.decode())
    assert "Rendez-vous reporté" in emails["relais@localhost"].body


def test_the_freed_slot_can_be_booked_again(confirmed, requester_a, org_a, code_a, arabic, ilham):
    cancel_booking(booking=confirmed, by=requester_a, reason="Plus nécessaire", now=EARLY)
    again = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic), by=requester_a, now=EARLY
    )
    assert again.assignments.get().interpreter == ilham


def test_a_late_cancellation_of_a_confirmed_request_is_billable(confirmed, requester_a):
    booking = cancel_booking(booking=confirmed, by=requester_a, reason="Absent", now=LATE)
    assert booking.late_cancellation


def test_a_coordinator_may_waive_the_charge(confirmed, coordinator, requester_a):
    booking = cancel_booking(
        booking=confirmed, by=coordinator, reason="Interprète malade", waive_charge=True, now=LATE
    )
    assert not booking.late_cancellation


def test_a_requester_cannot_waive_the_charge(confirmed, requester_a):
    booking = cancel_booking(
        booking=confirmed, by=requester_a, reason="Absent", waive_charge=True, now=LATE
    )
    assert booking.late_cancellation


def test_a_request_not_confirmed_yet_is_never_billable(org_a, code_a, requester_a, arabic, ilham):
    held = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    booking = cancel_booking(booking=held, by=requester_a, reason="Absent", now=LATE)
    assert not booking.late_cancellation
    assert not booking.assignments.filter(released_at=None).exists()


def test_a_waiting_request_is_cancelled_without_telling_an_interpreter(
    org_a, code_a, requester_a, arabic, sent_emails
):
    waiting = waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    before = len(sent_emails())
    cancel_booking(booking=waiting, by=requester_a, reason="Plus nécessaire", now=EARLY)
    assert sorted(e.to[0] for e in sent_emails()[before:]) == sorted(
        [requester_a.email, "relais@localhost"]
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Booking.Status.CANCELLED, "This request is already cancelled."),
        (Booking.Status.PERFORMED, "Only a request still to come can be cancelled."),
        (Booking.Status.DECLINED, "Only a request still to come can be cancelled."),
    ],
)
def test_what_cannot_be_cancelled(confirmed, requester_a, status, message):
    Booking.objects.filter(pk=confirmed.pk).update(status=status)
    with pytest.raises(ValidationError) as refused:
        cancel_booking(booking=confirmed, by=requester_a, reason="x", now=EARLY)
    assert refused.value.messages == [in_language("fr", message)]
    assert Booking.objects.get(pk=confirmed.pk).status == status


def test_a_service_that_has_started_cannot_be_cancelled(confirmed, requester_a):
    with pytest.raises(ValidationError):
        cancel_booking(booking=confirmed, by=requester_a, reason="x", now=at(MONDAY, "10:05"))
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED


def test_a_reason_is_required(confirmed, requester_a):
    with pytest.raises(ValidationError):
        cancel_booking(booking=confirmed, by=requester_a, reason="  ", now=EARLY)
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED


# -- The page ----------------------------------------------------------------------


def test_the_page_says_it_will_be_billed_before_anything_changes(
    confirmed, requester_a, time_machine
):
    time_machine.move_to(LATE)
    client = client_for(requester_a)
    page = page_text(client.get(f"/requests/{confirmed.pk}/cancel/"))
    assert in_language("fr", "This cancellation is late.") in page
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED
    response = client.post(f"/requests/{confirmed.pk}/cancel/", {"reason": "Absent"})
    assert response["Location"] == f"/requests/{confirmed.pk}/"
    booking = Booking.objects.get(pk=confirmed.pk)
    assert (booking.status, booking.late_cancellation) == (Booking.Status.CANCELLED, True)
    assert in_language("fr", "Late: billable") in page_text(client.get(response["Location"]))


def test_the_page_asks_for_a_reason(confirmed, requester_a, time_machine):
    time_machine.move_to(EARLY)
    response = client_for(requester_a).post(f"/requests/{confirmed.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200
    assert in_language("fr", "Say why the request is cancelled.") in page_text(response)
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED


def test_another_institution_cannot_cancel(confirmed, requester_b, interpreter):
    for user in (requester_b, interpreter):
        response = client_for(user).post(f"/requests/{confirmed.pk}/cancel/", {"reason": "x"})
        assert response.status_code == 404
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED


def test_a_past_request_offers_no_cancel_button(confirmed, requester_a, time_machine):
    time_machine.move_to(datetime(2030, 6, 4, tzinfo=UTC))
    client = client_for(requester_a)
    assert f"/requests/{confirmed.pk}/cancel/" not in page_text(
        client.get(f"/requests/{confirmed.pk}/")
    )
    response = client.post(f"/requests/{confirmed.pk}/cancel/", {"reason": "x"})
    assert response["Location"] == f"/requests/{confirmed.pk}/"
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED


def test_a_crash_loses_no_message_and_sends_none_for_what_did_not_happen(
    confirmed, requester_a, sent_emails
):
    """The outbox row is written in the cancellation's transaction: a crash
    before the commit leaves neither the change nor its emails; after it, the
    emails wait in the outbox until a worker sends them."""
    pending = OutboxEmail.objects.filter(template="booking_cancelled")
    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_booking(booking=confirmed, by=requester_a, reason="Reporté", now=EARLY)
        raise RuntimeError("the process dies before the commit")
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED
    assert not pending.exists()

    cancel_booking(booking=confirmed, by=requester_a, reason="Reporté", now=EARLY)
    # No worker ran yet (the process "died" after the commit): the email waits.
    assert pending.get().status == OutboxEmail.Status.PENDING
    assert any(email.to == [requester_a.email] for email in sent_emails())
    assert pending.get().status == OutboxEmail.Status.SENT
