"""Old deliveries are deleted after 90 days; pending ones and recent ones stay."""

from datetime import timedelta

from django.utils import timezone

from relais.webhooks.models import WebhookDelivery
from relais.webhooks.retention import purge_deliveries

Status = WebhookDelivery.Status


def test_it_deletes_old_answered_deliveries_only(hook_a):
    now = timezone.now()

    def delivery(status, age_days):
        return WebhookDelivery.objects.create(
            webhook=hook_a,
            event_type="webhook.test",
            payload="{}",
            status=status,
            created_at=now - timedelta(days=age_days),
        )

    old_delivered = delivery(Status.DELIVERED, 91)
    old_failed = delivery(Status.FAILED, 200)
    old_pending = delivery(Status.PENDING, 91)
    recent = delivery(Status.DELIVERED, 89)
    assert purge_deliveries(now=now) == 2
    remaining = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert remaining == {old_pending.pk, recent.pk}
    assert old_delivered.pk not in remaining and old_failed.pk not in remaining
