"""The workers post each delivery to a real HTTP server on the loopback,
signed; failures are retried with backoff, then given up."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from relais.bookings.services import submit_booking
from relais.webhooks.models import WebhookDelivery
from relais.webhooks.services import deliver_webhooks, send_test_event
from relais.webhooks.signing import verify_signature
from tests.bookings.helpers import draft

Status = WebhookDelivery.Status


@pytest.fixture
def queued(org_a, code_a, requester_a, arabic, ilham, hook_a):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    return hook_a.deliveries.get(), booking


def test_the_receiver_gets_the_signed_event(queued, hook_a, receiver):
    delivery, booking = queued
    assert deliver_webhooks() == 1
    ((path, headers, body),) = receiver.received
    assert path == "/relais/events"
    assert verify_signature(hook_a.secret, headers["Relais-Signature"], body)
    assert not verify_signature("whsec_someone-else", headers["Relais-Signature"], body)
    assert headers["Content-Type"] == "application/json"
    assert headers["Relais-Event-Id"] == str(delivery.event_id)
    assert headers["Relais-Event-Type"] == "request.status_changed"
    event = json.loads(body)
    assert (event["id"], event["data"]["request_id"]) == (str(delivery.event_id), booking.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.DELIVERED,
        1,
        204,
    )
    assert delivery.delivered_at is not None
    assert deliver_webhooks() == 0  # delivered once
    assert len(receiver.received) == 1


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(queued, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    delivery, _ = queued
    receiver.status = 500
    now = timezone.now()
    waits = []
    for attempt in range(1, 5):
        assert deliver_webhooks(now=now) == 0
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_status_code) == (attempt, 500)
        assert delivery.last_error == "HTTP 500"
        waits.append(delivery.next_attempt_at - now)
        assert deliver_webhooks(now=now) == 0  # not due yet: nothing posted
        assert len(receiver.received) == attempt
        now = delivery.next_attempt_at
    assert [round(wait / timedelta(minutes=1)) for wait in waits[:3]] == [1, 2, 4]
    assert delivery.status == Status.FAILED
    assert deliver_webhooks(now=now + timedelta(days=1)) == 0
    assert len(receiver.received) == 4


def test_a_receiver_that_recovers_gets_it(queued, receiver):
    delivery, _ = queued
    receiver.status = 503
    deliver_webhooks()
    receiver.status = 200
    assert deliver_webhooks(now=timezone.now() + timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.DELIVERED, 2, "")
    first, second = receiver.received
    assert first[2] == second[2]  # the same body, signed afresh
    assert first[1]["Relais-Event-Id"] == second[1]["Relais-Event-Id"]


def test_a_slow_receiver_times_out_and_is_retried(queued, receiver, settings):
    settings.WEBHOOKS_TIMEOUT = 0.3
    receiver.answer.clear()  # it never answers
    delivery, _ = queued
    assert deliver_webhooks() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.PENDING,
        1,
        None,
    )
    assert "timed out" in delivery.last_error


def test_redirects_are_not_followed(queued, receiver):
    receiver.status = 302
    receiver.location = "http://169.254.169.254/latest/meta-data"
    delivery, _ = queued
    assert deliver_webhooks() == 0
    delivery.refresh_from_db()
    assert delivery.last_status_code == 302
    assert delivery.status == Status.PENDING
    assert len(receiver.received) == 1


def test_a_receiver_that_is_down_is_retried(queued, receiver):
    delivery, _ = queued
    receiver.shutdown()
    receiver.server_close()
    assert deliver_webhooks() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert delivery.last_error


def test_the_address_is_checked_again_when_posting(queued, receiver, settings):
    """A name may resolve to another address later: the guard runs on each attempt."""
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    delivery, _ = queued
    assert deliver_webhooks() == 0
    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    assert delivery.last_error == "Refused: not an https address"


def test_a_disabled_webhook_keeps_its_pending_deliveries(queued, hook_a, receiver):
    hook_a.is_active = False
    hook_a.save()
    assert deliver_webhooks() == 0
    assert receiver.received == []
    hook_a.is_active = True
    hook_a.save()
    assert deliver_webhooks() == 1


def test_a_test_event_reaches_the_receiver(hook_a, manager_a, receiver):
    delivery = send_test_event(webhook=hook_a, by=manager_a)
    assert deliver_webhooks() == 1
    ((_, headers, body),) = receiver.received
    assert verify_signature(hook_a.secret, headers["Relais-Signature"], body)
    event = json.loads(body)
    assert (event["type"], event["id"]) == ("webhook.test", str(delivery.event_id))
    assert event["data"] == {"webhook_id": hook_a.pk, "institution_id": hook_a.organisation_id}
