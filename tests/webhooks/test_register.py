"""Registering a webhook: public HTTPS addresses only (no server-side request
forgery), unless private ones are allowed as in development."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from relais.webhooks.models import Webhook
from relais.webhooks.services import MAX_WEBHOOKS, create_webhook
from tests.conftest import in_language

# A public address written as such: accepted without asking any DNS server.
PUBLIC = "https://93.184.215.14/relais/events"
PRIVATE = (
    "This address leads to a private or local network: "
    "webhooks can only be sent to a public internet address."
)


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False


def refusal(organisation, manager, url) -> str:
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        create_webhook(organisation=organisation, url=url, by=manager)
    assert not Webhook.objects.exists()
    return " ".join(refused.value.message_dict["url"])


def test_it_registers_a_public_https_address_with_a_secret(strict, org_a, manager_a):
    webhook = create_webhook(
        organisation=org_a, url=f" {PUBLIC} ", description="Dossier patient", by=manager_a
    )
    assert (webhook.url, webhook.is_active, webhook.created_by) == (PUBLIC, True, manager_a)
    assert webhook.secret.startswith("whsec_") and len(webhook.secret) > 40
    other = create_webhook(organisation=org_a, url=PUBLIC, by=manager_a)
    assert other.secret != webhook.secret


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost:8443/hook",  # a name that resolves to the loopback
        "https://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data",  # cloud metadata
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://100.64.0.1/hook",  # carrier-grade NAT
    ],
)
def test_it_refuses_private_and_local_addresses(strict, org_a, manager_a, url):
    assert refusal(org_a, manager_a, url) == in_language("en", PRIVATE)


def test_it_refuses_plain_http(strict, org_a, manager_a):
    message = refusal(org_a, manager_a, "http://93.184.215.14/hook")
    assert message == in_language("en", "The address must start with https://.")


def test_it_refuses_other_schemes_and_nonsense(strict, org_a, manager_a):
    for url in ["ftp://93.184.215.14/", "file:///etc/passwd", "gopher://x", "not a url"]:
        assert refusal(org_a, manager_a, url)


def test_it_refuses_an_unknown_server(strict, org_a, manager_a):
    message = refusal(org_a, manager_a, "https://nowhere.invalid/hook")
    assert message == in_language(
        "en", "The server %(host)s could not be found.", host="nowhere.invalid"
    )


def test_it_refuses_credentials_in_the_address(strict, org_a, manager_a):
    assert refusal(org_a, manager_a, "https://user:secret@93.184.215.14/hook")


def test_private_addresses_are_allowed_in_development(settings, org_a, manager_a):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True
    webhook = create_webhook(organisation=org_a, url="http://localhost:9000/hook", by=manager_a)
    assert webhook.url == "http://localhost:9000/hook"


def test_an_institution_has_a_few_webhooks_at_most(strict, org_a, manager_a):
    for _ in range(MAX_WEBHOOKS):
        create_webhook(organisation=org_a, url=PUBLIC, by=manager_a)
    with pytest.raises(ValidationError):
        create_webhook(organisation=org_a, url=PUBLIC, by=manager_a)
    assert Webhook.objects.count() == MAX_WEBHOOKS
