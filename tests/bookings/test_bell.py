"""In-app notifications (the bell): every message about a request or an
assignment is in the portal; optional kinds can be muted by email, the
acknowledgement, confirmations and cancellations cannot."""

import pytest

from relais.bookings.services import confirm_booking, submit_booking, waitlist_booking
from relais.notifications.models import EmailOptOut, Notification, OutboxEmail
from tests.bookings.helpers import draft
from tests.conftest import client_for, in_language, page_text


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham):
    return submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)


def bell_count(page: str) -> str:
    bell = page.split('class="btn btn-sm btn-outline-light position-relative bell"')[1]
    return bell.split("</a>")[0]


def test_each_message_has_its_notification(received, requester_a):
    (notification,) = requester_a.notifications.all()
    email = OutboxEmail.objects.get(template="booking_received")
    assert notification.subject == email.subject
    assert notification.url == f"/requests/{received.pk}/"
    assert notification.read_at is None


def test_the_bell_counts_the_unread_and_opening_one_reads_it(received, requester_a, coordinator):
    confirm_booking(booking=received, by=coordinator)
    client = client_for(requester_a)
    page = page_text(client.get("/notifications/"))
    assert ">2<" in bell_count(page).replace(" ", "")
    first = requester_a.notifications.last()
    response = client.get(f"/notifications/{first.pk}/")
    assert response["Location"] == f"/requests/{received.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert ">1<" in bell_count(page_text(client.get("/notifications/"))).replace(" ", "")
    client.post("/notifications/read/")
    assert not requester_a.notifications.filter(read_at=None).exists()
    assert in_language("fr", "unread") not in bell_count(page_text(client.get("/notifications/")))


def test_the_interpreter_is_notified_too(received, coordinator, ilham):
    confirm_booking(booking=received, by=coordinator)
    (notification,) = ilham.user.notifications.all()
    assert notification.kind == "assignment_confirmed"
    assert notification.url == "/interpreters/me/"


def test_a_muted_kind_stays_in_the_portal_but_sends_no_email(org_a, code_a, requester_a, arabic):
    EmailOptOut.objects.create(user=requester_a, kind="booking_waitlisted")
    waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert requester_a.notifications.filter(kind="booking_waitlisted").exists()
    assert not OutboxEmail.objects.filter(template="booking_waitlisted").exists()


def test_the_acknowledgement_cannot_be_muted(org_a, code_a, requester_a, arabic, ilham):
    EmailOptOut.objects.create(user=requester_a, kind="booking_received")
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert OutboxEmail.objects.filter(template="booking_received").count() == 1


def test_the_preferences_page(requester_a):
    client = client_for(requester_a)
    page = page_text(client.get("/notifications/preferences/"))
    assert in_language("fr", "Reminder the day before a request") in page
    assert 'name="booking_received"' not in page  # always by email
    # Everything ticked but the reminder: the reminder is muted.
    kinds = ["booking_waitlisted", "booking_declined", "booking_changed"]
    client.post("/notifications/preferences/", dict.fromkeys(kinds, "on"))
    muted = set(requester_a.email_opt_outs.values_list("kind", flat=True))
    assert "booking_reminder" in muted and "booking_changed" not in muted
    client.post("/notifications/preferences/", dict.fromkeys([*kinds, "booking_reminder"], "on"))
    assert "booking_reminder" not in set(requester_a.email_opt_outs.values_list("kind", flat=True))


def test_nobody_opens_someone_elses_notification(received, requester_a, requester_b):
    notification = requester_a.notifications.get()
    assert client_for(requester_b).get(f"/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert Notification.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(db):
    response = client_for(None).get("/notifications/")
    assert response["Location"].startswith("/accounts/login/")
