"""The API tokens page in a real browser, French and Dutch, axe-core on every page.

A manager goes from the institution's page to its API tokens, makes a mistake
(no name), creates a token, copies the secret shown once, uses it against the
API, then revokes it: the API refuses it from then on.
"""

import pytest
from playwright.sync_api import expect

from relais.api.models import ApiToken
from relais.api.tokens import hash_secret

from .conftest import LOCALES
from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_manager_creates_uses_and_revokes_a_token(open_page, org_a, manager_a, language):
    manager_a.language = language
    manager_a.save(update_fields=["language"])
    page = open_page(language)
    log_in(page, manager_a.email)
    page.goto(f"/organisations/{org_a.pk}/")
    page.click_and_wait(page.get_by_role("link", name=t(language, "API tokens")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "API tokens"))
    expect(page.get_by_text(t(language, "No token yet."))).to_be_visible()

    page.submit(t(language, "Create the token"))
    expect(page.locator("#id_name_error")).to_have_text(t(language, "This field is required."))
    assert not ApiToken.objects.exists()

    page.get_by_label(t(language, "Name")).fill("Logiciel patients")
    page.submit(t(language, "Create the token"))
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "Copy it now: it is shown only this once. We keep only a fingerprint of it.")
    )
    secret = page.get_by_label(t(language, "Secret")).input_value()
    token = ApiToken.objects.get()
    assert token.secret_hash == hash_secret(secret)
    row = page.get_by_role("row").filter(has_text="Logiciel patients")
    expect(row).to_contain_text(token.prefix)
    expect(row).to_contain_text(t(language, "Active"))

    answer = page.request.get("/api/v1/places", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert org_a.official_place.name in [place["name"] for place in answer.json()]

    page.reload()
    expect(page.get_by_label(t(language, "Secret"))).to_have_count(0)
    page.submit(f"{t(language, 'Revoke')} — Logiciel patients")
    expect(page.get_by_role("status")).to_contain_text(
        t(
            language,
            "The token “%(name)s” is revoked: it no longer works.",
            name="Logiciel patients",
        )
    )
    expect(page.get_by_role("row").filter(has_text="Logiciel patients")).to_contain_text(
        t(language, "Revoked")
    )
    # A refused token has no creator to speak for: the caller's header says the language.
    refused = page.request.get(
        "/api/v1/places",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": LOCALES[language]},
    )
    assert refused.status == 401
    assert refused.json()["message"] == t(
        language, "This API token is unknown, expired or revoked."
    )
