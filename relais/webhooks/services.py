"""Every write on webhooks, the events of an institution's requests, and
their delivery.

Which changes are posted: every history entry that moves a request to
another status (``request.status_changed``: submitted, confirmed,
cancelled, performed, validated, invoiced, …), and a change of a request
that keeps its status (``request.changed``: new date, place, language …),
since the institution's system holds those details too. Entries that change
neither (an interpreter held again after a withdrawal, a record corrected)
are not posted. The body says what the institution already sees of its own
request, never anything of the interpreter nor free text.
"""

import json
import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.bookings.models import Booking, BookingEvent

from . import sender
from .addresses import check_url
from .models import Webhook, WebhookDelivery, new_secret
from .signing import HEADER, sign

logger = logging.getLogger(__name__)

STATUS_CHANGED = "request.status_changed"
CHANGED = "request.changed"
TEST = "webhook.test"
MAX_WEBHOOKS = 5  # per institution: enough for a production and a test system


@transaction.atomic
def create_webhook(*, organisation, url: str, description: str = "", by) -> Webhook:
    """Register an address of the institution's own system; its secret is made here."""
    if Webhook.objects.filter(organisation=organisation).count() >= MAX_WEBHOOKS:
        raise ValidationError(
            _("An institution can have at most %(n)s webhooks.") % {"n": MAX_WEBHOOKS},
            code="too_many",
        )
    webhook = Webhook(
        organisation=organisation, url=url.strip(), description=description.strip(), created_by=by
    )
    webhook.full_clean()
    try:
        check_url(webhook.url)
    except ValidationError as error:
        raise ValidationError({"url": error.error_list}) from None
    webhook.save()
    return webhook


def rotate_secret(*, webhook: Webhook, now: datetime | None = None) -> Webhook:
    """A new secret, at once: events from now on are signed with it only."""
    webhook.secret = new_secret()
    webhook.secret_rotated_at = timezone.now() if now is None else now
    webhook.save(update_fields=["secret", "secret_rotated_at"])
    return webhook


def set_webhook_active(*, webhook: Webhook, active: bool) -> Webhook:
    """Disable (or enable again) a webhook. A disabled one gets no new event;
    what was pending waits, and is posted if it is enabled again."""
    if active and not webhook.is_active:
        check_url(webhook.url)
    webhook.is_active = active
    webhook.save(update_fields=["is_active"])
    return webhook


def booking_event(event: BookingEvent) -> list[WebhookDelivery]:
    """Queue the event for each active webhook of the request's institution,
    in the caller's transaction (``bookings.services.record_event``)."""
    if event.to_status != event.from_status:
        event_type = STATUS_CHANGED
    elif event.action == BookingEvent.Action.CHANGED:
        event_type = CHANGED
    else:
        return []
    booking = event.booking
    webhooks = list(Webhook.objects.filter(organisation_id=booking.organisation_id, is_active=True))
    if not webhooks:
        return []
    body = _body(event_type, at=event.at, data=_request_data(booking, event))
    return _queue(webhooks, event_type, body)


def booking_events(events: list[BookingEvent]) -> list[WebhookDelivery]:
    """``booking_event`` for many status changes at once (the invoice run): one
    query for the webhooks and one insert, whatever the number of requests."""
    changed = [event for event in events if event.to_status != event.from_status]
    organisations = {event.booking.organisation_id for event in changed}
    hooks: dict[int, list[Webhook]] = {}
    for webhook in Webhook.objects.filter(organisation_id__in=organisations, is_active=True):
        hooks.setdefault(webhook.organisation_id, []).append(webhook)
    deliveries = []
    for event in changed:
        targets = hooks.get(event.booking.organisation_id)
        if targets:
            body = _body(STATUS_CHANGED, at=event.at, data=_request_data(event.booking, event))
            deliveries += _deliveries(targets, STATUS_CHANGED, body)
    if not deliveries:
        return []
    from .tasks import deliver_webhooks_task

    transaction.on_commit(deliver_webhooks_task)
    return WebhookDelivery.objects.bulk_create(deliveries)


def send_test_event(*, webhook: Webhook, by) -> WebhookDelivery:
    """A harmless event the manager sends to check the receiving side."""
    data = {"webhook_id": webhook.pk, "institution_id": webhook.organisation_id}
    (delivery,) = _queue([webhook], TEST, _body(TEST, at=timezone.now(), data=data))
    return delivery


def _body(event_type: str, *, at: datetime, data: dict) -> dict:
    return {"id": str(uuid.uuid4()), "type": event_type, "created": _instant(at), "data": data}


def _deliveries(webhooks: list[Webhook], event_type: str, body: dict) -> list[WebhookDelivery]:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return [
        WebhookDelivery(
            webhook=webhook, event_id=body["id"], event_type=event_type, payload=payload
        )
        for webhook in webhooks
    ]


def _queue(webhooks: list[Webhook], event_type: str, body: dict) -> list[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.bulk_create(_deliveries(webhooks, event_type, body))
    from .tasks import deliver_webhooks_task

    transaction.on_commit(deliver_webhooks_task)
    return deliveries


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _request_data(booking: Booking, event: BookingEvent) -> dict:
    """The request as its institution sees it on its page, in plain values."""
    return {
        "request_id": booking.pk,
        "institution_id": booking.organisation_id,
        "status": event.to_status,
        "previous_status": event.from_status or None,
        "action": event.action,
        "modality": booking.modality,
        "language": _code(booking, "language"),
        "alt_language": _code(booking, "alt_language"),
        "start": _instant(booking.start),
        "end": _instant(booking.end),
        "duration_minutes": booking.duration_minutes,
        "place_id": booking.place_id,
        "billing_code": booking.billing_code.code if booking.billing_code_id else None,
        "internal_reference": booking.internal_reference,
        "late_cancellation": booking.late_cancellation,
        "changed_fields": sorted(event.changes) if event.changes else [],
        "url": settings.SITE_URL + reverse("bookings:detail", args=[booking.pk]),
    }


def _code(booking: Booking, field: str) -> str | None:
    return getattr(booking, field).code if getattr(booking, f"{field}_id") else None


# -- Delivery ------------------------------------------------------------------------


def deliver_webhooks(*, limit: int = 100, now: datetime | None = None) -> int:
    """Post the deliveries that are due; return how many were delivered.

    Each row is claimed with a conditional UPDATE (its attempt count moves on
    and its next attempt is pushed past the time an attempt can take), so
    several workers never post the same delivery at once. A failure is
    retried after 1, 2, 4 … minutes, and given up after
    ``WEBHOOKS_MAX_ATTEMPTS`` attempts.
    """
    now = timezone.now() if now is None else now
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now,
            webhook__is_active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "attempts")[:limit]
    )
    delivered = 0
    for pk, attempts in due:
        claimed = WebhookDelivery.objects.filter(
            pk=pk, status=WebhookDelivery.Status.PENDING, attempts=attempts
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + settings.WEBHOOKS_BACKOFF)
        if claimed:
            delivery = WebhookDelivery.objects.select_related("webhook").get(pk=pk)
            delivered += _attempt(delivery, now=now)
    return delivered


def _attempt(delivery: WebhookDelivery, *, now: datetime) -> bool:
    body = delivery.payload.encode("utf-8")
    answer = sender.post(
        delivery.webhook.url,
        body,
        {
            HEADER: sign(delivery.webhook.secret, body),
            "Relais-Event-Id": str(delivery.event_id),
            "Relais-Event-Type": delivery.event_type,
        },
    )
    now = max(now, timezone.now())  # the backoff counts from the end of the attempt
    if answer.ok:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=now,
            last_status_code=answer.status_code,
            last_error="",
        )
        return True
    logger.warning("Webhook delivery %s failed: %s", delivery.pk, answer.error)
    gave_up = delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS
    backoff = settings.WEBHOOKS_BACKOFF * (2 ** min(delivery.attempts - 1, 10))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED if gave_up else WebhookDelivery.Status.PENDING,
        next_attempt_at=now + backoff,
        last_status_code=answer.status_code,
        last_error=answer.error[:500],
    )
    return False
