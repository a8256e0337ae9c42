"""Keyboard use: the skip link, and the error summary after a failed form."""

import pytest
from playwright.sync_api import expect

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    open_page, requester_a, org_a, language
):
    requester_a.language = language
    requester_a.save(update_fields=["language"])
    page = open_page(language)
    log_in(page, requester_a.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Actions and tasks"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=t(language, "Skip to main content"))
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20, "the focused skip link is visible"

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is the first link of the page's content
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    expect(page.get_by_role("link", name=t(language, "Request an interpreter"))).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_summary_links_to_the_fields(open_page, language):
    page = open_page(language)
    page.goto("/accounts/login/")
    page.submit(t(language, "Log in"))  # nothing filled in

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # read out first, then Tab into its links
    expect(summary.get_by_role("heading")).to_have_text(
        t(language, "Please correct the following:")
    )
    required = t(language, "This field is required.")
    entry = t(language, "%(label)s: %(error)s")  # the punctuation of each language
    email_link = summary.get_by_role(
        "link", name=entry % {"label": t(language, "Email address"), "error": required}
    )
    password_link = summary.get_by_role(
        "link", name=entry % {"label": t(language, "Password"), "error": required}
    )
    expect(email_link).to_have_attribute("href", "#id_username")
    expect(password_link).to_have_attribute("href", "#id_password")

    # Each field says what is wrong with it, to a screen reader too.
    for field in ("username", "password"):
        widget = page.locator(f"#id_{field}")
        expect(widget).to_have_attribute("aria-invalid", "true")
        expect(widget).to_have_attribute("aria-describedby", f"id_{field}_error")
        expect(page.locator(f"#id_{field}_error")).to_have_text(required)

    page.keyboard.press("Tab")
    expect(email_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_username")).to_be_focused()

    password_link.click()
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type("typed straight into the field")
    expect(page.locator("#id_password")).to_have_value("typed straight into the field")
