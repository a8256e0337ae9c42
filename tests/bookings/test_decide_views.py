"""A coordinator confirms (keeping or changing the interpreter) or declines a request."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import submit_booking
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import active_interpreters, draft
from tests.conftest import client_for


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham, youssef):
    return submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)


def test_it_confirms_the_held_interpreter(received, coordinator, ilham):
    response = client_for(coordinator).post(f"/requests/{received.pk}/confirm/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{received.pk}/"
    received.refresh_from_db()
    assert received.status == Booking.Status.CONFIRMED
    assert active_interpreters(received) == [(ilham.pk, Assignment.Kind.CONFIRMED)]


def test_it_confirms_another_candidate(received, coordinator, youssef):
    client = client_for(coordinator)
    response = client.post(f"/requests/{received.pk}/confirm/", {"interpreter": youssef.pk})
    assert response.status_code == 302
    assert active_interpreters(received) == [(youssef.pk, Assignment.Kind.CONFIRMED)]
    page = client.get(f"/requests/{received.pk}/").content.decode()
    assert youssef.user.get_full_name() in page
    with translation.override("fr"):
        assert escape(str(BookingEvent.Action.CONFIRMED.label)) in page  # in the history


def test_a_taken_interpreter_shows_fresh_candidates(
    received, coordinator, org_a, code_a, requester_a, arabic, ilham, youssef
):
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    emails = OutboxEmail.objects.count()
    response = client_for(coordinator).post(
        f"/requests/{received.pk}/confirm/", {"interpreter": youssef.pk}
    )
    assert response.status_code == 409
    page = response.content.decode()
    with translation.override("fr"):
        message = gettext(
            "This interpreter is no longer available for this request: nothing was changed. "
            "Here are the candidates as they are now."
        )
    assert escape(message) in page
    assert f'value="{youssef.pk}"' not in page  # no longer a candidate
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED
    assert active_interpreters(received) == [(ilham.pk, Assignment.Kind.HOLD)]
    assert OutboxEmail.objects.count() == emails


def test_an_unknown_interpreter_is_a_404(received, coordinator):
    response = client_for(coordinator).post(
        f"/requests/{received.pk}/confirm/", {"interpreter": 999999}
    )
    assert response.status_code == 404
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED


def test_it_declines_with_a_reason(received, coordinator, requester_a):
    response = client_for(coordinator).post(
        f"/requests/{received.pk}/decline/", {"reason": "Nobody on that day."}
    )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == Booking.Status.DECLINED
    assert active_interpreters(received) == []
    page = client_for(requester_a).get(f"/requests/{received.pk}/").content.decode()
    assert "Nobody on that day." in page


def test_a_decline_needs_a_reason(received, coordinator):
    emails = OutboxEmail.objects.count()
    response = client_for(coordinator).post(f"/requests/{received.pk}/decline/", {"reason": "  "})
    assert response.status_code == 200
    with translation.override("fr"):
        assert escape(gettext("Say why the request is declined.")) in response.content.decode()
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED
    assert received.events.count() == 1
    assert OutboxEmail.objects.count() == emails


def test_a_reason_is_at_most_1000_characters(received, coordinator):
    response = client_for(coordinator).post(
        f"/requests/{received.pk}/decline/", {"reason": "x" * 1001}
    )
    assert response.status_code == 200
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED


def test_a_confirmed_request_cannot_be_declined(received, coordinator):
    client = client_for(coordinator)
    client.post(f"/requests/{received.pk}/confirm/", {})
    response = client.post(f"/requests/{received.pk}/decline/", {"reason": "Too late"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == Booking.Status.CONFIRMED


def test_it_only_allows_post(received, coordinator):
    assert client_for(coordinator).get(f"/requests/{received.pk}/confirm/").status_code == 405
    assert client_for(coordinator).get(f"/requests/{received.pk}/decline/").status_code == 405


def test_members_cannot_decide(received, requester_a, manager_a):
    for member in (requester_a, manager_a):
        client = client_for(member)
        assert client.post(f"/requests/{received.pk}/confirm/", {}).status_code == 404
        assert client.post(f"/requests/{received.pk}/decline/", {"reason": "x"}).status_code == 404
    received.refresh_from_db()
    assert received.status == Booking.Status.RECEIVED
