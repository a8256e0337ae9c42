"""Brute force: django-axes locks an address after repeated failures (settings.AXES_*)."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

from .helpers import page_text, translated_plural

URL = "/accounts/login/"


def _fail(client, email, times):
    return [
        client.post(URL, {"username": email, "password": f"Wrong-Password-{i}"})
        for i in range(times)
    ]


def test_it_locks_the_login_after_the_failure_limit(requester_a):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT

    answers = _fail(client, requester_a.email, limit)
    response = client.post(URL, {"username": requester_a.email, "password": PASSWORD})

    assert [a.status_code for a in answers[:-1]] == [200] * (limit - 1)
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    expected = translated_plural(
        "Too many failed login attempts. For your security, logging in is blocked for "
        "%(minutes)s minute.",
        "Too many failed login attempts. For your security, logging in is blocked for "
        "%(minutes)s minutes.",
        minutes,
        response.headers["Content-Language"],
    ) % {"minutes": minutes}
    assert expected in page_text(response)
    assert 'href="/accounts/password/reset/"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_before_the_limit(requester_a):
    client = Client()

    _fail(client, requester_a.email, settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(URL, {"username": requester_a.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_typed_case_does_not_escape_the_lock(requester_a):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT

    _fail(client, requester_a.email.upper(), limit)
    response = client.post(URL, {"username": requester_a.email, "password": PASSWORD})

    assert response.status_code == 429


def test_it_unlocks_after_the_cool_off_time(requester_a):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _fail(client, requester_a.email, settings.AXES_FAILURE_LIMIT)
        traveller.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
        assert (
            client.post(URL, {"username": requester_a.email, "password": PASSWORD}).status_code
            == 429
        )

        # Each attempt during the lock counts: the cool-off starts again from it.
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        response = client.post(URL, {"username": requester_a.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_locks_one_address_not_everybody(requester_a, manager_a):
    _fail(Client(), requester_a.email, settings.AXES_FAILURE_LIMIT)
    client = Client()

    response = client.post(URL, {"username": manager_a.email, "password": PASSWORD})

    assert response.status_code == 302
