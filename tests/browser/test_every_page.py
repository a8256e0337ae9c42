"""Every page of the portal, as each role reaches it, passes axe-core in French
and in Dutch — forms shown with their errors too, since that is when people
need them most."""

import pytest
from playwright.sync_api import expect

from relais.accounts.services import invite_user
from relais.bookings.services import submit_booking
from relais.interpreters.services import create_language
from tests.bookings.helpers import draft, make_interpreter

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def speak(user, language):
    user.language = language
    user.save(update_fields=["language"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_of_a_visitor(open_page, language):
    page = open_page(language)
    page.goto("/accounts/password/reset/")
    page.submit(t(language, "Send the link"))  # empty: the error summary
    expect(page.get_by_role("alert")).to_be_visible()
    page.locator("#id_email").fill("nobody@example.org")
    page.submit(t(language, "Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Check your email"))
    page.goto("/accounts/activate/not-a-real-link/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "This link is not valid"))
    page.goto("/organisations/999999/", status=None)  # redirected to the login page
    expect(page.locator("#id_username")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_of_a_manager(open_page, org_a, manager_a, requester_a, language):
    speak(manager_a, language)
    invite_user(
        invited_by=manager_a, email="pending@example.org", role="requester", organisation=org_a
    )
    place = org_a.places.get(is_official=False)
    page = open_page(language)
    log_in(page, manager_a.email)
    page.goto(f"/organisations/{org_a.pk}/")
    expect(page.get_by_role("row").filter(has_text="pending@example.org")).to_be_visible()

    page.goto(f"/organisations/{org_a.pk}/invite/")
    page.locator("#id_email").fill("not an email")
    page.submit(t(language, "Send the invitation"))
    expect(page.get_by_role("alert")).to_be_visible()

    page.goto(f"/organisations/{org_a.pk}/places/new/")
    page.locator("#id_postcode").fill("12A4")
    page.submit(t(language, "Save"))
    expect(page.get_by_role("alert")).to_be_visible()

    page.goto(f"/organisations/{org_a.pk}/places/{place.pk}/edit/")
    page.goto("/accounts/profile/")
    page.goto("/accounts/password/change/")
    page.submit(t(language, "Change my password"))  # empty: the error summary
    expect(page.get_by_role("alert")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_of_a_coordinator(open_page, org_a, org_b, coordinator, language):
    speak(coordinator, language)
    page = open_page(language)
    log_in(page, coordinator.email)
    page.goto("/organisations/")
    expect(page.get_by_role("link", name=org_b.name)).to_be_visible()
    page.goto(f"/organisations/?q={org_a.name[:4]}")
    page.goto(f"/organisations/{org_b.pk}/")
    page.goto("/accounts/invite/")
    page.locator("#id_role").select_option("requester")  # without its institution
    page.locator("#id_email").fill("someone@example.org")
    page.submit(t(language, "Send the invitation"))
    expect(page.get_by_role("alert")).to_contain_text(
        t(language, "Choose the institution of this person.")
    )
    page.goto("/interpreters/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_request_page_of_a_requester(open_page, org_a, code_a, requester_a, language):
    speak(requester_a, language)
    interpreter = make_interpreter("ilham@example.org", create_language(code="ar"))
    booking = submit_booking(
        booking=draft(org_a, code_a, requester_a, interpreter.languages.get().language),
        by=requester_a,
    )
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto(f"/requests/{booking.pk}/")

    expect(page.locator("main")).to_contain_text(t(language, "Received"))
    # Before confirmation the institution never sees who holds the request.
    expect(page.locator("main")).not_to_contain_text(interpreter.user.full_name)
