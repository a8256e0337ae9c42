"""SessionTimeoutMiddleware: logged out after 30 minutes idle or 12 hours in all."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

from .helpers import page_text, says, translated

PAGE = "/accounts/profile/"


@pytest.fixture
def traveller():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def client(requester_a, traveller):
    """A browser that logged in through the login page and landed on the portal."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": requester_a.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    return client


def test_it_keeps_a_session_alive_within_the_idle_time(client, traveller):
    traveller.shift(timedelta(minutes=29))

    assert client.get(PAGE).status_code == 200


def test_it_logs_out_after_31_minutes_idle(client, traveller):
    assert client.get(PAGE).status_code == 200
    traveller.shift(timedelta(minutes=31))

    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PAGE}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert says(login_page, "Your session has expired. Please log in again.")


def test_idle_time_counts_from_the_landing_page(client, traveller):
    traveller.shift(timedelta(minutes=31))

    assert client.get(PAGE).status_code == 302


def test_activity_keeps_the_session_alive_until_12_hours_then_logs_out(client, traveller):
    elapsed = timedelta(0)
    while elapsed + timedelta(minutes=20) <= settings.SESSION_ABSOLUTE_TIMEOUT:
        traveller.shift(timedelta(minutes=20))
        elapsed += timedelta(minutes=20)
        assert client.get(PAGE).status_code == 200, f"logged out after {elapsed}"
    assert elapsed >= timedelta(hours=11, minutes=40)

    traveller.shift(timedelta(minutes=20))
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_expiry_message_is_in_the_persons_language(requester_a, client, traveller):
    requester_a.language = "nl"
    requester_a.save(update_fields=["language"])
    traveller.shift(timedelta(minutes=31))

    login_page = client.get(PAGE, follow=True)

    assert login_page.redirect_chain[-1][0].startswith("/accounts/login/")
    message = translated("Your session has expired. Please log in again.", "nl")
    assert message in page_text(login_page)


def test_logging_in_again_starts_a_new_session(requester_a, client, traveller):
    traveller.shift(timedelta(minutes=31))
    client.get(PAGE)

    client.post("/accounts/login/", {"username": requester_a.email, "password": PASSWORD})
    traveller.shift(timedelta(minutes=10))

    assert client.get(PAGE).status_code == 200
