"""An interpreter removes their own windows, and only theirs."""

from datetime import time

import pytest

from relais.interpreters.services import add_window
from tests.conftest import client_for
from tests.organisations.helpers import text

from .helpers import windows_of


def url(window) -> str:
    return f"/interpreters/me/windows/{window.pk}/remove/"


@pytest.fixture
def window(profile):
    return add_window(profile=profile, weekday=0, start_time=time(9), end_time=time(12))


@pytest.fixture
def other_window(other_profile):
    return add_window(profile=other_profile, weekday=0, start_time=time(9), end_time=time(12))


def test_an_interpreter_removes_a_window(interpreter, profile, window):
    response = client_for(interpreter).post(url(window), follow=True)

    assert response.redirect_chain == [("/interpreters/me/", 302)]
    assert windows_of(profile) == []


def test_another_interpreters_window_is_not_found_and_stays(interpreter, profile, other_window):
    response = client_for(interpreter).post(url(other_window))

    assert response.status_code == 404
    assert windows_of(other_window.profile) == [(0, time(9), time(12))]
    assert "Tesfay" not in text(response)


def test_an_unknown_window_is_not_found(interpreter, profile):
    assert (
        client_for(interpreter).post("/interpreters/me/windows/999999/remove/").status_code == 404
    )


def test_removing_takes_a_post(interpreter, window):
    assert client_for(interpreter).get(url(window)).status_code == 405
    assert len(windows_of(window.profile)) == 1


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "coordinator"])
def test_others_cannot_remove_it_through_the_interpreters_url(request, window, persona):
    response = client_for(request.getfixturevalue(persona)).post(url(window))

    assert response.status_code == 404
    assert len(windows_of(window.profile)) == 1
