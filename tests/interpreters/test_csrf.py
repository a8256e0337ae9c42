"""The interpreter's forms are refused without their CSRF token, and nothing is saved."""

from datetime import time

from django.test import Client

from relais.interpreters.services import add_window

from .helpers import windows_of


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_adding_a_window_without_the_token_is_refused(interpreter, profile):
    response = csrf_client(interpreter).post(
        "/interpreters/me/windows/add/",
        {"weekday": "0", "start_time": "09:00", "end_time": "12:00"},
    )

    assert response.status_code == 403
    assert windows_of(profile) == []


def test_removing_a_window_without_the_token_is_refused(interpreter, profile):
    window = add_window(profile=profile, weekday=0, start_time=time(9), end_time=time(12))

    response = csrf_client(interpreter).post(f"/interpreters/me/windows/{window.pk}/remove/")

    assert response.status_code == 403
    assert len(windows_of(profile)) == 1


def test_editing_a_profile_without_the_token_is_refused(coordinator, profile):
    response = csrf_client(coordinator).post(
        f"/interpreters/{profile.pk}/", {"max_hours_per_day": "2"}
    )

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.max_minutes_per_day == 480


def test_the_page_carries_the_token_that_makes_it_pass(interpreter, profile):
    client = csrf_client(interpreter)
    token = client.get("/interpreters/me/").context["csrf_token"]

    response = client.post(
        "/interpreters/me/windows/add/",
        {
            "csrfmiddlewaretoken": str(token),
            "weekday": "0",
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )

    assert response.status_code == 302
    assert len(windows_of(profile)) == 1
