"""Each status change of an institution's request is queued for its webhooks,
in the same transaction, with what the institution already sees of it."""

import json

import pytest
from django.db import transaction

from relais.bookings.models import Booking
from relais.bookings.services import (
    cancel_booking,
    change_booking,
    confirm_booking,
    submit_booking,
)
from relais.webhooks.models import Webhook, WebhookDelivery
from relais.webhooks.services import deliver_webhooks
from tests.bookings.helpers import MONDAY, at, draft


def events(webhook) -> list[dict]:
    return [
        json.loads(delivery.payload) for delivery in webhook.deliveries.order_by("created_at", "pk")
    ]


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham, hook_a):
    booking = draft(org_a, code_a, requester_a, arabic, internal_reference="DOS-42")
    return submit_booking(booking=booking, by=requester_a)


def test_a_submitted_request_is_one_event(received, hook_a, org_a):
    (event,) = events(hook_a)
    assert event["type"] == "request.status_changed"
    assert event["created"] == received.submitted_at.isoformat()
    assert event["data"] == {
        "request_id": received.pk,
        "institution_id": org_a.pk,
        "status": "received",
        "previous_status": "draft",
        "action": "submitted",
        "modality": "on_site",
        "language": "ar",
        "alt_language": None,
        "start": at(MONDAY, "10:00").isoformat(),
        "end": at(MONDAY, "11:00").isoformat(),
        "duration_minutes": 60,
        "place_id": org_a.official_place.pk,
        "billing_code": "CPAS-SG-01",
        "internal_reference": "DOS-42",
        "late_cancellation": False,
        "changed_fields": [],
        "url": f"http://127.0.0.1:8000/requests/{received.pk}/",
    }
    delivery = hook_a.deliveries.get()
    assert (delivery.status, delivery.attempts, str(delivery.event_id)) == (
        WebhookDelivery.Status.PENDING,
        0,
        event["id"],
    )


def test_confirm_change_and_cancel_follow(received, hook_a, coordinator, requester_a):
    confirm_booking(booking=received, by=coordinator)
    change_booking(
        booking=received, by=requester_a, values={"onsite_contact_name": "Accueil, 2e étage"}
    )
    cancel_booking(booking=received, by=requester_a, reason="Le rendez-vous est reporté.")
    summary = [
        (e["type"], e["data"]["previous_status"], e["data"]["status"], e["data"]["action"])
        for e in events(hook_a)
    ]
    assert summary == [
        ("request.status_changed", "draft", "received", "submitted"),
        ("request.status_changed", "received", "confirmed", "confirmed"),
        ("request.changed", "confirmed", "confirmed", "changed"),
        ("request.status_changed", "confirmed", "cancelled", "cancelled"),
    ]
    changed = events(hook_a)[2]["data"]
    assert changed["changed_fields"] == ["onsite_contact_name"]
    assert "Accueil" not in json.dumps(events(hook_a))  # free text stays on the portal
    assert "reporté" not in json.dumps(events(hook_a))
    assert len({e["id"] for e in events(hook_a)}) == 4


def test_nothing_of_the_interpreter_is_posted(received, hook_a, coordinator, ilham):
    confirm_booking(booking=received, by=coordinator)
    posted = json.dumps(events(hook_a))
    assert ilham.user.email not in posted and ilham.user.full_name not in posted
    assert "interpreter" not in posted


def test_a_rolled_back_change_posts_nothing(received, hook_a, coordinator):
    with pytest.raises(RuntimeError), transaction.atomic():
        confirm_booking(booking=received, by=coordinator)
        raise RuntimeError("the surrounding work failed")
    assert [e["data"]["status"] for e in events(hook_a)] == ["received"]


def test_other_institutions_events_never_reach_a(
    received, hook_a, org_b, code_b, requester_b, arabic, receiver
):
    hook_b = Webhook.objects.create(organisation=org_b, url=receiver.url + "/b")
    booking_b = submit_booking(
        booking=draft(org_b, code_b, requester_b, arabic, start=at(MONDAY, "15:00")),
        by=requester_b,
    )
    assert [e["data"]["request_id"] for e in events(hook_a)] == [received.pk]
    assert [e["data"]["request_id"] for e in events(hook_b)] == [booking_b.pk]
    assert deliver_webhooks() == 2
    paths = sorted(
        (path, json.loads(body)["data"]["institution_id"]) for path, _, body in receiver.received
    )
    assert paths == [("/relais/events", received.organisation_id), ("/relais/events/b", org_b.pk)]


def test_a_disabled_webhook_gets_no_event(org_a, code_a, requester_a, arabic, ilham, hook_a):
    hook_a.is_active = False
    hook_a.save()
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert not WebhookDelivery.objects.exists()


def test_every_webhook_of_the_institution_gets_the_same_event(
    org_a, code_a, requester_a, arabic, ilham, hook_a, receiver
):
    second = Webhook.objects.create(organisation=org_a, url=receiver.url + "/2")
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert booking.status == Booking.Status.RECEIVED
    assert events(hook_a) == events(second)
