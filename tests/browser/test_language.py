"""The FR / NL buttons in the header: the page changes language and remembers it."""

import re

import pytest
from playwright.sync_api import expect

from relais.accounts.models import User

from .helpers import LANGUAGES, log_in, log_out, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def other(language: str) -> str:
    return "nl" if language == "fr" else "fr"


def language_button(page, language: str):
    return page.get_by_role("banner").get_by_role(
        "button", name=re.compile(rf"^{language.upper()}\b")
    )


def switch_language(page, language: str):
    page.click_and_wait(language_button(page, language))
    page.language = language


def expect_language(page, language: str):
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(language_button(page, language)).to_have_attribute("aria-pressed", "true")
    expect(language_button(page, other(language))).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_switches_language_and_it_is_remembered(open_page, language):
    page = open_page(other(language))  # the browser asks for the other language
    page.goto("/accounts/login/")
    expect_language(page, other(language))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(other(language), "Log in"))

    switch_language(page, language)
    assert page.page.url.endswith("/accounts/login/")  # back on the same page
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Log in"))
    expect(page.get_by_role("link", name=t(language, "Forgot your password?"))).to_be_visible()

    # The next pages keep the choice, whatever the browser asks for.
    page.click_and_wait(page.get_by_role("link", name=t(language, "Forgot your password?")))
    expect_language(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_switches_language_and_keeps_it_after_logging_in_again(
    open_page, requester_a, org_a, language
):
    requester_a.language = other(language)
    requester_a.save(update_fields=["language"])
    page = open_page(other(language))
    log_in(page, requester_a.email)
    expect_language(page, other(language))
    expect(
        page.get_by_role("link", name=t(other(language), "My organisations")).first
    ).to_be_visible()

    switch_language(page, language)
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Actions and tasks"))
    requester_a.refresh_from_db()
    assert requester_a.language == language

    log_out(page, requester_a, language)
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Log in"))

    # Another computer, whose browser asks for the other language: once logged
    # in, the portal speaks the person's preferred language.
    elsewhere = open_page(other(language))
    log_in(elsewhere, requester_a.email, language=other(language))
    expect_language(elsewhere, language)
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text(t(language, "Actions and tasks"))
    assert User.objects.get(pk=requester_a.pk).language == language
