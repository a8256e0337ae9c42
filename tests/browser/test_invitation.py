"""From the invitation email to the institution page, as the two people see it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from relais.accounts.models import User
from relais.organisations.models import Membership, MembershipRole

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Tulip-Harbour-7319"


def activation_link(message) -> str:
    links = re.findall(r"https?://\S+/accounts/activate/\S+/", message.body)
    assert len(links) == 1, message.body
    return links[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_manager_invites_a_colleague_who_activates_the_account(
    open_page, org_a, manager_a, language
):
    manager_a.language = language
    manager_a.save(update_fields=["language"])
    email = f"nadia.{language}@cpas-a.example"

    # The manager invites a colleague from the institution page.
    manager = open_page(language)
    log_in(manager, manager_a.email)
    manager.goto(f"/organisations/{org_a.pk}/")
    expect(manager.get_by_role("heading", level=1)).to_have_text(org_a.name)
    manager.click_and_wait(manager.get_by_role("link", name=t(language, "Invite a member")))
    expect(manager.locator("html")).to_have_attribute("lang", language)
    manager.locator("#id_email").fill(email)
    manager.locator("#id_full_name").fill("Nadia Benali")
    manager.locator("#id_role").select_option("requester")
    manager.locator("#id_language").select_option(language)
    manager.submit(t(language, "Send the invitation"))
    expect(manager.get_by_role("status")).to_contain_text(
        t(language, "An invitation was sent to %(email)s.", email=email)
    )
    invited_row = manager.get_by_role("row").filter(has_text=email)
    expect(invited_row).to_contain_text(t(language, "Invited"))

    # The email is in the invitee's language and carries the activation link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    assert t(language, "Open this link to activate your account and choose your password:") in (
        message.body
    )
    link = activation_link(message)

    # The invitee opens the link in their own browser and chooses a password.
    invitee = open_page(language)
    invitee.goto(link)
    expect(invitee.locator("html")).to_have_attribute("lang", language)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(
        t(language, "Activate your account")
    )
    expect(invitee.get_by_role("main")).to_contain_text(email)
    invitee.locator("#id_new_password1").fill(NEW_PASSWORD)
    invitee.locator("#id_new_password2").fill(NEW_PASSWORD)
    invitee.submit(t(language, "Activate my account"))

    # They land on their institution, in the team list.
    expect(invitee.get_by_role("heading", level=1)).to_have_text(org_a.name)
    expect(invitee.get_by_role("status")).to_contain_text(
        t(language, "Welcome! You are now a member of %(organisation)s.", organisation=org_a.name)
    )
    team = invitee.get_by_role("table", name=t(language, "Team members"))
    new_member = team.get_by_role("row").filter(has_text=email)
    expect(new_member).to_contain_text("Nadia Benali")
    expect(new_member).to_contain_text(t(language, "Requester"))
    expect(new_member).to_contain_text(t(language, "Active"))
    expect(team.get_by_role("row").filter(has_text=manager_a.email)).to_be_visible()

    # "My organisations" is their portal tab and leads back to the institution.
    menu = invitee.get_by_role("navigation", name=t(language, "Main menu"))
    tab = menu.get_by_role("link", name=t(language, "My organisations"))
    invitee.click_and_wait(tab)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(org_a.name)
    expect(tab).to_have_attribute("aria-current", "page")

    user = User.objects.get(email=email)
    assert user.is_active and user.language == language
    assert Membership.objects.get(user=user, organisation=org_a).role == MembershipRole.REQUESTER

    # The manager now sees an active member instead of an open invitation.
    manager.reload()
    member_row = manager.get_by_role("row").filter(has_text=email)
    expect(member_row).to_contain_text(t(language, "Active"))
    expect(member_row).not_to_contain_text(t(language, "Invited"))
