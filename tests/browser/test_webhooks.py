"""The webhook pages in a real browser, French and Dutch, axe-core on every page.

A manager goes from the institution's page to its webhooks, is refused a
local address (as in production), registers their system's address, sends a
test event that a real receiver gets and verifies, reads the delivery log,
changes the secret and disables the webhook.
"""

import threading

import pytest
from playwright.sync_api import expect

from relais.webhooks.models import Webhook
from relais.webhooks.signing import verify_signature
from tests.webhooks.conftest import Receiver

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIVATE = (
    "This address leads to a private or local network: "
    "webhooks can only be sent to a public internet address."
)


@pytest.fixture
def receiver():
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_manager_registers_tests_and_disables_a_webhook(
    open_page, org_a, manager_a, receiver, settings, language
):
    manager_a.language = language
    manager_a.save(update_fields=["language"])
    page = open_page(language)
    log_in(page, manager_a.email)
    page.goto(f"/organisations/{org_a.pk}/")
    page.click_and_wait(page.get_by_role("link", name=t(language, "Webhooks"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Webhooks"))
    expect(page.get_by_text(t(language, "No webhook yet."))).to_be_visible()

    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    page.locator("#id_url").fill("https://localhost/relais")
    page.submit(t(language, "Register"))
    expect(page.locator("#id_url_error")).to_have_text(t(language, PRIVATE))
    assert not Webhook.objects.exists()

    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True  # the receiver is on this machine
    page.locator("#id_url").fill(receiver.url)
    page.submit(t(language, "Register"))
    webhook = Webhook.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "The webhook is registered. Copy its secret into your system.")
    )
    expect(page.locator("#webhook-secret")).to_have_text(webhook.secret)
    expect(page.get_by_text(t(language, "Nothing was sent yet."))).to_be_visible()

    page.submit(t(language, "Send a test event"))
    ((_, headers, body),) = receiver.received
    assert verify_signature(webhook.secret, headers["Relais-Signature"], body)
    row = page.get_by_role("row").filter(has_text="webhook.test")
    expect(row).to_contain_text(t(language, "Delivered"))
    expect(row).to_contain_text("HTTP 204")

    old = webhook.secret
    page.submit(t(language, "Change the secret"))
    webhook.refresh_from_db()
    assert webhook.secret != old
    expect(page.locator("#webhook-secret")).to_have_text(webhook.secret)

    page.submit(t(language, "Disable"))
    expect(page.get_by_role("status")).to_contain_text(t(language, "The webhook is disabled."))
    expect(page.get_by_role("button", name=t(language, "Send a test event"))).to_be_disabled()
    webhook.refresh_from_db()
    assert not webhook.is_active
