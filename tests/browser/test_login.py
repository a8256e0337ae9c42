"""Logging in: a failed attempt says so plainly; repeated failures lock the door."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .helpers import LANGUAGES, nt, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCKED_OUT = (
    "Too many failed login attempts. For your security, logging in is blocked for "
    "%(minutes)s minute.",
    "Too many failed login attempts. For your security, logging in is blocked for "
    "%(minutes)s minutes.",
)


def attempt(page, email: str, password: str):
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    return page.submit(t(page.language, "Log in"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_failed_logins_then_lockout(open_page, requester_a, language):
    page = open_page(language)
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Log in"))

    failure = t(language, "This email address and password do not match an active account.")
    for number in range(1, settings.AXES_FAILURE_LIMIT):
        response = attempt(page, requester_a.email, f"wrong-password-{number}")
        assert response.status == 200
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text(failure)
        # The address stays filled in; the password never comes back.
        expect(page.locator("#id_username")).to_have_value(requester_a.email)
        expect(page.locator("#id_password")).to_have_value("")

    # The last allowed failure locks the account for this address and computer.
    response = attempt(page, requester_a.email, "wrong-password-again")
    assert response.status == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Account temporarily locked")
    )
    expect(page.get_by_role("alert")).to_have_text(
        nt(language, *LOCKED_OUT, minutes, minutes=minutes)
    )
    expect(page.get_by_role("link", name=t(language, "Reset my password"))).to_be_visible()

    # Even the right password is refused until the cool-off has passed.
    page.goto("/accounts/login/")
    response = attempt(page, requester_a.email, PASSWORD)
    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Account temporarily locked")
    )
