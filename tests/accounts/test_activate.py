"""/accounts/activate/<token>/: the link of an invitation email."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from relais.accounts.models import Invitation, Role, User
from relais.accounts.services import invite_user
from relais.organisations.models import Membership
from tests.conftest import PASSWORD

from .helpers import activation_link, page_text, says, translated, translated_plural

NEW_PASSWORD = "Mango-Harbour-7391"


@pytest.fixture
def link(coordinator, org_a, sent_emails):
    """The activation link Nadia received, inviting her as a requester of institution A."""
    invite_user(
        invited_by=coordinator,
        email="nadia@example.org",
        full_name="Nadia Newcomer",
        role=Role.REQUESTER,
        organisation=org_a,
    )
    return activation_link(sent_emails()[-1])


def _nadia():
    return User.objects.get(email="nadia@example.org")


def _activate(client, link, password=NEW_PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_it_shows_the_password_form(link, org_a):
    response = Client().get(link)

    assert response.status_code == 200
    assert says(response, "Choose a password to activate your account.")
    assert "nadia@example.org" in page_text(response)
    assert org_a.name in page_text(response)
    assert 'name="new_password1"' in response.content.decode()
    assert 'name="new_password2"' in response.content.decode()


def test_it_activates_the_account_and_opens_the_institution(link, org_a):
    client = Client()

    response = _activate(client, link)

    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{org_a.pk}/"
    nadia = _nadia()
    assert nadia.is_active
    assert nadia.check_password(NEW_PASSWORD)
    assert (
        Membership.objects.get(user=nadia, organisation=org_a, is_active=True).role == "requester"
    )
    assert Invitation.objects.get(user=nadia).accepted_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200  # logged in
    assert says(page, "Welcome! You are now a member of %(organisation)s.", organisation=org_a.name)


def test_it_lets_the_person_log_in_with_the_chosen_password(link):
    _activate(Client(), link)

    response = Client().post(
        "/accounts/login/", {"username": "nadia@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302


def _password_errors(language):
    too_short = translated_plural(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        10,
        language,
    )
    like_the_name = translated(
        "The password is too similar to the %(verbose_name)s.",
        language,
        verbose_name=translated("full name", language),
    )
    return {
        "too-short": too_short % 10,
        "too-common": translated("This password is too common.", language),
        "numeric": translated("This password is entirely numeric.", language),
        "like-the-name": like_the_name,
    }


@pytest.mark.parametrize(
    ("weakness", "password"),
    [
        ("too-short", "Ab3-kiwi"),
        ("too-common", "password123"),
        ("numeric", "4829173650"),
        ("like-the-name", "NadiaNewcomer!"),
    ],
)
def test_it_refuses_a_weak_password(link, weakness, password):
    response = _activate(Client(), link, password)

    assert response.status_code == 200
    expected = _password_errors(response.headers["Content-Language"])[weakness]
    assert expected in page_text(response)
    nadia = _nadia()
    assert not nadia.is_active
    assert nadia.is_pending
    assert not Membership.objects.filter(user=nadia).exists()


def test_it_refuses_two_different_passwords(link):
    response = Client().post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert says(response, "The two password fields didn\u2019t match.")
    assert not _nadia().is_active


def test_a_link_used_twice_says_it_was_already_used(link):
    _activate(Client(), link)

    for response in (Client().get(link), _activate(Client(), link, "Other-Password-5521")):
        assert response.status_code == 410
        assert says(response, "This invitation was already used")
        assert 'href="/accounts/password/reset/"' in response.content.decode()
    assert _nadia().check_password(NEW_PASSWORD)


def test_an_expired_link_offers_a_new_one(coordinator, org_a, sent_emails):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        invite_user(
            invited_by=coordinator,
            email="nadia@example.org",
            role=Role.REQUESTER,
            organisation=org_a,
        )
        link = activation_link(sent_emails()[-1])
        traveller.shift(timedelta(days=7, minutes=1))

        response = Client().get(link)
        late_post = _activate(Client(), link)

    assert response.status_code == 410
    assert says(response, "This invitation has expired")
    assert f'action="{link}renew/"' in response.content.decode()
    assert says(response, "Send me a new invitation")
    assert late_post.status_code == 410
    assert not _nadia().is_active


def test_a_link_still_works_on_its_last_day(coordinator, org_a, sent_emails):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        invite_user(
            invited_by=coordinator,
            email="nadia@example.org",
            role=Role.REQUESTER,
            organisation=org_a,
        )
        link = activation_link(sent_emails()[-1])
        traveller.shift(timedelta(days=6, hours=23))

        response = _activate(Client(), link)

    assert response.status_code == 302
    assert _nadia().is_active


def _tampered(link: str) -> str:
    token = link.removeprefix("/accounts/activate/").removesuffix("/")
    position = len(token) // 2
    swapped = "B" if token[position] == "A" else "A"
    return f"/accounts/activate/{token[:position]}{swapped}{token[position + 1 :]}/"


@pytest.mark.parametrize(
    "mangle",
    [
        _tampered,
        lambda link: link[:-6] + "/",  # cut short by an email program
        lambda link: "/accounts/activate/not-a-token/",
    ],
    ids=["one-character-changed", "cut-short", "garbage"],
)
def test_a_changed_link_is_not_valid_and_changes_nothing(link, mangle):
    bad_link = mangle(link)
    assert bad_link != link

    shown = Client().get(bad_link)
    posted = _activate(Client(), bad_link)

    for response in (shown, posted):
        assert response.status_code == 404
        assert says(response, "This link is not valid")
    nadia = _nadia()
    assert not nadia.is_active
    assert nadia.is_pending
    assert Invitation.objects.get(user=nadia).accepted_at is None
    assert Client().get(link).status_code == 200  # the real link still works


def test_an_existing_account_accepts_a_second_institution_without_a_password(
    coordinator, requester_a, org_b, sent_emails
):
    invite_user(
        invited_by=coordinator, email=requester_a.email, role=Role.MANAGER, organisation=org_b
    )
    link = activation_link(sent_emails()[-1])
    client = Client()

    shown = client.get(link)
    accepted = client.post(link)

    assert shown.status_code == 200
    assert says(shown, "Accept the invitation")
    assert 'name="new_password1"' not in shown.content.decode()
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/organisations/{org_b.pk}/"
    requester_a.refresh_from_db()
    assert requester_a.check_password(PASSWORD)
    assert set(requester_a.memberships.values_list("organisation__name", "role")) == {
        ("CPAS de Saint-Gilles", "requester"),
        ("Hôpital Saint-Pierre", "manager"),
    }
    assert client.get(f"/organisations/{org_b.pk}/").status_code == 200


def test_an_interpreter_invitation_makes_an_interpreter(coordinator, sent_emails):
    invite_user(invited_by=coordinator, email="ilse@example.org", role=Role.INTERPRETER)
    link = activation_link(sent_emails()[-1])

    response = _activate(Client(), link)

    assert response.status_code == 302
    assert response["Location"] == "/"
    ilse = User.objects.get(email="ilse@example.org")
    assert ilse.is_active and ilse.is_interpreter
    assert not ilse.is_coordinator
    assert not ilse.memberships.exists()


def test_a_withdrawn_invitation_link_says_so(link):
    Invitation.objects.update(revoked_at=timezone.now())

    response = Client().get(link)

    assert response.status_code == 410
    assert says(response, "This invitation was withdrawn")
    assert not User.objects.get(email=Invitation.objects.get().email).is_active
