"""Several workers sweeping at once post each delivery once."""

import pytest

from relais.webhooks.models import WebhookDelivery
from relais.webhooks.services import deliver_webhooks
from tests.threads import results, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_workers_post_each_event_once(hook_a, receiver):
    receiver.together = 2  # answers wait for a second request: the sweeps overlap
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook_a, event_type="webhook.test", payload=f'{{"n":{n}}}')
        for n in range(6)
    )
    delivered = results(run_together(*[deliver_webhooks] * 4))
    assert sum(delivered) == 6
    bodies = sorted(body for _, _, body in receiver.received)
    assert bodies == sorted(f'{{"n":{n}}}'.encode() for n in range(6))
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}
