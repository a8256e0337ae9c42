"""Reminders the day before a confirmed service: to the interpreter (place,
on-site contact, phone, note) and to the contact person; none for a
cancelled request; each once however many workers sweep."""

from datetime import timedelta
from functools import partial

import pytest

from relais.bookings.models import Booking
from relais.bookings.services import cancel_booking, change_booking, confirm_booking, submit_booking
from relais.bookings.tasks import send_reminders
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.threads import results, run_together

SUNDAY_NOON = at("2030-06-02", "12:00")  # 22 hours before Monday 10:00


@pytest.fixture
def confirmed(org_a, code_a, requester_a, arabic, ilham, coordinator):
    booking = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, note_for_interpreter="Porte B"),
        by=requester_a,
    )
    return confirm_booking(booking=booking, by=coordinator)


def reminders():
    return OutboxEmail.objects.filter(template__in=["booking_reminder", "assignment_reminder"])


def test_the_day_before_both_are_reminded_once(confirmed, requester_a, ilham):
    assert send_reminders(now=SUNDAY_NOON) == 1
    assert send_reminders(now=SUNDAY_NOON) == 0
    by_template = {email.template: email for email in reminders()}
    assert by_template["booking_reminder"].to == requester_a.email
    interpreter = by_template["assignment_reminder"]
    assert interpreter.to == ilham.user.email
    for needed in ("Accueil", "02 555 01 01", "Porte B", "Rue Fernand Bernier 40"):
        assert needed in interpreter.body_text


def test_not_before_the_lead_time(confirmed):
    assert send_reminders(now=at("2030-06-01", "12:00")) == 0
    assert not reminders().exists()


def test_the_lead_time_is_a_setting(confirmed, settings):
    settings.REMINDER_LEAD = timedelta(hours=72)
    assert send_reminders(now=at("2030-06-01", "12:00")) == 1


def test_none_for_a_cancelled_request(confirmed, requester_a):
    cancel_booking(
        booking=confirmed, by=requester_a, reason="Reporté", now=at("2030-05-29", "09:00")
    )
    assert send_reminders(now=SUNDAY_NOON) == 0
    assert not reminders().exists()


def test_a_new_date_gets_a_new_reminder(confirmed, requester_a):
    send_reminders(now=SUNDAY_NOON)
    change_booking(
        booking=confirmed,
        by=requester_a,
        values={"start": at("2030-06-04", "10:00")},
        now=SUNDAY_NOON,
    )
    assert Booking.objects.get(pk=confirmed.pk).reminded_at is None
    assert send_reminders(now=at("2030-06-03", "12:00")) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_remind_once(org_a, code_a, requester_a, arabic, coordinator):
    make_interpreter("ilham@example.org", arabic)
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    confirm_booking(booking=booking, by=coordinator)
    outcomes = run_together(
        partial(send_reminders, now=SUNDAY_NOON), partial(send_reminders, now=SUNDAY_NOON)
    )
    assert sorted(results(outcomes)) == [0, 1]
    assert reminders().count() == 2  # one to the contact, one to the interpreter
    assert MONDAY in Booking.objects.get(pk=booking.pk).start.isoformat()
