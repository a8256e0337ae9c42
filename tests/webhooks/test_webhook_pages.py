"""The webhook pages of an institution: its managers (and the coordinators)
register, read the secret and the delivery log, change the secret, disable,
send a test event; everyone else gets a 404 and changes nothing."""

import pytest

from relais.webhooks.models import Webhook, WebhookDelivery
from relais.webhooks.services import deliver_webhooks
from relais.webhooks.signing import verify_signature
from tests.conftest import client_for, page_text
from tests.organisations.helpers import translated

PRIVATE = (
    "This address leads to a private or local network: "
    "webhooks can only be sent to a public internet address."
)


def list_url(organisation) -> str:
    return f"/organisations/{organisation.pk}/webhooks/"


def detail_url(webhook, action="") -> str:
    return f"/organisations/{webhook.organisation_id}/webhooks/{webhook.pk}/{action}"


def test_the_institution_page_links_to_webhooks_for_managers_only(org_a, manager_a, requester_a):
    assert list_url(org_a) in client_for(manager_a).get(f"/organisations/{org_a.pk}/").text
    assert list_url(org_a) not in client_for(requester_a).get(f"/organisations/{org_a.pk}/").text


def test_a_manager_registers_a_webhook_and_sees_its_secret(org_a, manager_a, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    client = client_for(manager_a)
    response = client.post(
        list_url(org_a), {"url": "https://93.184.215.14/relais", "description": "Dossiers"}
    )
    webhook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(webhook)
    assert (webhook.organisation, webhook.created_by) == (org_a, manager_a)
    page = page_text(client.get(detail_url(webhook)))
    assert webhook.secret in page
    assert "https://93.184.215.14/relais" in page
    assert translated(manager_a, "Nothing was sent yet.") in page
    assert "https://93.184.215.14/relais" in page_text(client.get(list_url(org_a)))


@pytest.mark.parametrize("user_fixture", ["manager_a", "manager_b"])
def test_a_private_address_is_refused_in_the_managers_language(
    request, org_a, org_b, settings, user_fixture
):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    manager = request.getfixturevalue(user_fixture)
    organisation = org_a if user_fixture == "manager_a" else org_b
    response = client_for(manager).post(list_url(organisation), {"url": "https://localhost/x"})
    assert response.status_code == 200
    assert translated(manager, PRIVATE) in page_text(response)
    assert not Webhook.objects.exists()


def test_an_empty_or_silly_address_is_refused(org_a, manager_a):
    client = client_for(manager_a)
    for url in ["", "javascript:alert(1)", "x" * 600]:
        response = client.post(list_url(org_a), {"url": url})
        assert response.status_code == 200
    assert not Webhook.objects.exists()


def test_the_log_shows_deliveries_and_a_test_event_reaches_the_receiver(
    hook_a, manager_a, receiver
):
    client = client_for(manager_a)
    response = client.post(detail_url(hook_a, "test/"))
    assert response.status_code == 302
    delivery = hook_a.deliveries.get()
    assert delivery.event_type == "webhook.test"
    deliver_webhooks()
    ((_, headers, body),) = receiver.received
    assert verify_signature(hook_a.secret, headers["Relais-Signature"], body)
    page = page_text(client.get(detail_url(hook_a)))
    assert str(delivery.event_id) in page
    assert translated(manager_a, "Delivered") in page
    assert "HTTP 204" in page


def test_the_log_shows_the_last_hundred(hook_a, manager_a):
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook_a, event_type="webhook.test", payload="{}") for _ in range(105)
    )
    page = client_for(manager_a).get(detail_url(hook_a)).text
    assert page.count("<code>webhook.test</code>") == 100


def test_a_manager_rotates_the_secret(hook_a, manager_a):
    old = hook_a.secret
    response = client_for(manager_a).post(detail_url(hook_a, "rotate/"))
    assert response.status_code == 302
    hook_a.refresh_from_db()
    assert hook_a.secret != old and hook_a.secret_rotated_at is not None


def test_a_manager_disables_and_enables_again(hook_a, manager_a):
    client = client_for(manager_a)
    client.post(detail_url(hook_a, "active/"), {"active": "0"})
    hook_a.refresh_from_db()
    assert not hook_a.is_active
    response = client.post(detail_url(hook_a, "test/"), follow=True)
    assert translated(manager_a, "Enable the webhook before sending it a test event.") in (
        page_text(response)
    )
    assert not hook_a.deliveries.exists()
    client.post(detail_url(hook_a, "active/"), {"active": "1"})
    hook_a.refresh_from_db()
    assert hook_a.is_active


def test_a_coordinator_can_disable_any_webhook(hook_a, coordinator):
    client = client_for(coordinator)
    assert client.get(list_url(hook_a.organisation)).status_code == 200
    assert client.get(detail_url(hook_a)).status_code == 200
    client.post(detail_url(hook_a, "active/"), {"active": "0"})
    hook_a.refresh_from_db()
    assert not hook_a.is_active


@pytest.mark.parametrize("persona", ["requester_a", "manager_b", "requester_b", "interpreter"])
def test_others_get_404_and_change_nothing(request, hook_a, persona):
    client = client_for(request.getfixturevalue(persona))
    secret = hook_a.secret
    assert client.get(list_url(hook_a.organisation)).status_code == 404
    assert client.get(detail_url(hook_a)).status_code == 404
    assert (
        client.post(list_url(hook_a.organisation), {"url": "https://93.184.215.14/"}).status_code
        == 404
    )
    for action in ["rotate/", "active/", "test/"]:
        assert client.post(detail_url(hook_a, action), {"active": "0"}).status_code == 404
    hook_a.refresh_from_db()
    assert (hook_a.secret, hook_a.is_active) == (secret, True)
    assert Webhook.objects.count() == 1
    assert not WebhookDelivery.objects.exists()


def test_a_webhook_of_b_is_not_found_under_a(hook_a, org_b, manager_b):
    """The institution in the address must be the webhook's own."""
    client = client_for(manager_b)
    assert client.get(f"/organisations/{org_b.pk}/webhooks/{hook_a.pk}/").status_code == 404
    assert client.post(f"/organisations/{org_b.pk}/webhooks/{hook_a.pk}/rotate/").status_code == 404


def test_anonymous_visitors_go_to_the_login_page(hook_a):
    response = client_for(None).get(detail_url(hook_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_actions_only_accept_post(hook_a, manager_a):
    assert client_for(manager_a).get(detail_url(hook_a, "rotate/")).status_code == 405
