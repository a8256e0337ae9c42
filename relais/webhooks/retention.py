"""Deliveries are not kept for ever: their bodies describe requests (DESIGN.md,
data and privacy), and the log only shows the last 100 of a webhook."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import WebhookDelivery

KEEP = timedelta(days=90)


def purge_deliveries(*, now: datetime | None = None) -> int:
    """Delete the deliveries delivered or given up more than ``KEEP`` ago; return how many."""
    now = timezone.now() if now is None else now
    deleted, _ = (
        WebhookDelivery.objects.filter(created_at__lt=now - KEEP)
        .exclude(status=WebhookDelivery.Status.PENDING)
        .delete()
    )
    return deleted
