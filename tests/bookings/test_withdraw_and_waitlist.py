"""Interpreter withdrawal ("désistement") and the waiting list that re-matches
itself when capacity frees up; waiting requests whose time has passed become
unfilled."""

from datetime import date, time
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import (
    cancel_booking,
    confirm_booking,
    submit_booking,
    waitlist_booking,
    withdraw_assignment,
)
from relais.bookings.tasks import rematch_waitlist
from relais.interpreters.services import add_absence, add_window, remove_absence
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter, saved_draft
from tests.conftest import client_for, in_language, page_text
from tests.threads import results, run_together

EARLY = at("2030-05-27", "12:00")
Action = BookingEvent.Action


def held_by(booking):
    assignment = booking.assignments.filter(released_at=None).first()
    return assignment.interpreter if assignment else None


@pytest.fixture
def confirmed(org_a, code_a, requester_a, arabic, ilham, youssef, coordinator):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert held_by(booking) == ilham
    return confirm_booking(booking=booking, by=coordinator)


def test_the_next_interpreter_is_held_and_the_request_goes_back_to_the_queue(
    confirmed, ilham, youssef, requester_a, sent_emails
):
    before = len(sent_emails())
    booking = withdraw_assignment(booking=confirmed, by=ilham.user, reason="Malade")
    assert booking.status == Booking.Status.RECEIVED
    assert held_by(booking) == youssef
    assert booking.assignments.get(interpreter=ilham).released_at is not None
    assert [e.action for e in booking.history][-2:] == [Action.WITHDRAWN, Action.HELD]
    emails = {e.to[0]: e for e in sent_emails()[before:]}
    assert set(emails) == {requester_a.email, "relais@localhost"}
    # The institution learns the interpreter changes, never who.
    contact = emails[requester_a.email]
    assert "ilham" not in contact.body.lower() and "youssef" not in contact.body.lower()
    assert in_language("fr", "The interpreter foreseen for this request had to withdraw:") in (
        contact.body
    )
    assert "Malade" in emails["relais@localhost"].body
    assert "ilham" in emails["relais@localhost"].subject


def test_nobody_else_free_puts_the_request_on_the_waiting_list(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    booking = withdraw_assignment(booking=booking, by=ilham.user, reason="Empêchement")
    assert booking.status == Booking.Status.WAITLISTED
    assert held_by(booking) is None


def test_who_withdrew_is_not_held_again_by_the_sweep(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    withdraw_assignment(booking=booking, by=ilham.user, reason="Empêchement")
    assert rematch_waitlist(now=EARLY) == 0
    booking.refresh_from_db()
    assert booking.status == Booking.Status.WAITLISTED


def test_a_coordinator_releases_an_interpreter_who_is_told(
    confirmed, ilham, coordinator, sent_emails
):
    before = len(sent_emails())
    withdraw_assignment(booking=confirmed, by=coordinator, reason="Conflit d'intérêts")
    released = [e for e in sent_emails()[before:] if e.to == [ilham.user.email]]
    assert len(released) == 1
    calendar = released[0].attachments[0][1]
    assert "STATUS:CANCELLED" in (calendar if isinstance(calendar, str) else calendar.decode())


def test_nobody_withdraws_from_someone_elses_assignment(confirmed, youssef, requester_a):
    for intruder in (youssef.user, requester_a):
        with pytest.raises(PermissionDenied):
            withdraw_assignment(booking=confirmed, by=intruder, reason="x")
    confirmed.refresh_from_db()
    assert confirmed.status == Booking.Status.CONFIRMED


def test_withdrawing_needs_a_reason_and_a_service_still_to_come(confirmed, ilham):
    with pytest.raises(ValidationError):
        withdraw_assignment(booking=confirmed, by=ilham.user, reason=" ")
    with pytest.raises(ValidationError):
        withdraw_assignment(booking=confirmed, by=ilham.user, reason="x", now=at(MONDAY, "10:30"))
    confirmed.refresh_from_db()
    assert confirmed.status == Booking.Status.CONFIRMED


def test_the_interpreter_withdraws_from_their_portal(confirmed, ilham, youssef):
    client = client_for(ilham.user)
    portal = page_text(client.get("/interpreters/me/"))
    assert f"/requests/{confirmed.pk}/withdraw/" in portal
    response = client.post(f"/requests/{confirmed.pk}/withdraw/", {"reason": ""})
    assert in_language("fr", "Say why the interpreter withdraws.") in page_text(response)
    response = client.post(f"/requests/{confirmed.pk}/withdraw/", {"reason": "Malade"})
    assert response["Location"] == "/interpreters/me/"
    assert held_by(Booking.objects.get(pk=confirmed.pk)) == youssef
    # Someone else's assignment: not found.
    assert client_for(youssef.user).get(f"/requests/{confirmed.pk}/withdraw/").status_code == 200
    assert client.get(f"/requests/{confirmed.pk}/withdraw/").status_code == 404


# -- The waiting list ------------------------------------------------------------


@pytest.fixture
def waiting(org_a, code_a, manager_a, arabic):
    """A request on the waiting list for Monday 10:00, the slot of ``confirmed``."""
    return waitlist_booking(booking=draft(org_a, code_a, manager_a, arabic), by=manager_a)


def test_a_cancellation_gives_the_slot_to_the_oldest_waiting_request(
    org_a, code_a, requester_a, manager_a, arabic, ilham, django_capture_on_commit_callbacks
):
    taken = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    first = waitlist_booking(booking=draft(org_a, code_a, manager_a, arabic), by=manager_a)
    second = waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=taken, by=requester_a, reason="Plus nécessaire")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, held_by(first)) == (Booking.Status.RECEIVED, ilham)
    assert second.status == Booking.Status.WAITLISTED
    event = first.history.last()
    assert (event.action, event.actor) == (Action.AVAILABLE, None)
    subjects = OutboxEmail.objects.filter(template="booking_available").values_list("to", flat=True)
    assert list(subjects) == [manager_a.email]
    assert OutboxEmail.objects.filter(template="booking_available_team").count() == 1


def test_new_availability_serves_a_waiting_request(
    org_a, code_a, manager_a, arabic, django_capture_on_commit_callbacks
):
    # Saturday work is not possible: a Tuesday evening without anybody, then a window opens.
    nadia = make_interpreter("nadia@example.org", arabic)
    nadia.windows.filter(weekday=1).delete()
    tuesday = waitlist_booking(
        booking=draft(org_a, code_a, manager_a, arabic, start=at("2030-06-04", "18:00")),
        by=manager_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        add_window(profile=nadia, weekday=1, start_time=time(17), end_time=time(20))
    tuesday.refresh_from_db()
    assert (tuesday.status, held_by(tuesday)) == (Booking.Status.RECEIVED, nadia)


def test_an_absence_removed_serves_a_waiting_request(
    org_a, code_a, manager_a, arabic, django_capture_on_commit_callbacks
):
    nadia = make_interpreter("nadia@example.org", arabic)
    away = add_absence(profile=nadia, starts_on=date(2030, 6, 3), ends_on=date(2030, 6, 3))
    request = waitlist_booking(booking=draft(org_a, code_a, manager_a, arabic), by=manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        remove_absence(absence=away)
    request.refresh_from_db()
    assert held_by(request) == nadia


def test_the_sweep_is_idempotent(waiting, ilham):
    assert rematch_waitlist(now=EARLY) == 1
    assert rematch_waitlist(now=EARLY) == 0
    waiting.refresh_from_db()
    assert waiting.assignments.count() == 1
    assert OutboxEmail.objects.filter(template="booking_available").count() == 1


def test_a_waiting_request_whose_time_has_passed_is_unfilled(waiting):
    rematch_waitlist(now=at(MONDAY, "10:00"))
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.UNFILLED
    assert waiting.history.last().action == Action.UNFILLED


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_hold_and_tell_once(
    org_a, code_a, manager_a, arabic, settings
):
    for index in range(3):
        make_interpreter(f"free{index}@example.org", arabic)
    waiting = [
        waitlist_booking(
            booking=draft(org_a, code_a, manager_a, arabic, start=at(MONDAY, f"{9 + i:02d}:00")),
            by=manager_a,
        )
        for i in range(6)
    ]
    outcomes = run_together(
        partial(rematch_waitlist, now=EARLY), partial(rematch_waitlist, now=EARLY)
    )
    assert sum(results(outcomes)) == len(waiting)
    for booking in waiting:
        booking.refresh_from_db()
        assert booking.status == Booking.Status.RECEIVED
        assert booking.assignments.filter(released_at=None).count() == 1
    assert OutboxEmail.objects.filter(template="booking_available").count() == len(waiting)
    assert Assignment.objects.filter(released_at=None).count() == len(waiting)


def test_a_waiting_request_keeps_its_place_when_still_nobody_is_free(waiting):
    assert rematch_waitlist(now=EARLY) == 0
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.WAITLISTED


def test_a_draft_is_not_on_the_waiting_list(org_a, code_a, requester_a, arabic, ilham):
    saved_draft(org_a, code_a, requester_a, arabic)
    assert rematch_waitlist(now=EARLY) == 0


def test_the_institution_never_sees_who_withdrew_nor_why(
    confirmed, ilham, requester_a, coordinator
):
    withdraw_assignment(booking=confirmed, by=ilham.user, reason="Rendez-vous médical")
    page = page_text(client_for(requester_a).get(f"/requests/{confirmed.pk}/"))
    assert in_language("fr", "Interpreter withdrew") in page
    assert "ilham" not in page.lower() and "Rendez-vous médical" not in page
    # The operations team sees both.
    page = page_text(client_for(coordinator).get(f"/requests/{confirmed.pk}/"))
    assert "ilham" in page and "Rendez-vous médical" in page
