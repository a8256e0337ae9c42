"""A coordinator sees and edits an interpreter's windows and absences."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from relais.interpreters.services import add_absence, add_window
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

from .helpers import absences_of, stored, windows_of


def soon(days: int):
    return timezone.localdate() + timedelta(days=days)


def test_a_coordinator_adds_a_window_and_an_absence(coordinator, profile):
    client = client_for(coordinator)

    window = client.post(
        f"/interpreters/{profile.pk}/windows/add/",
        {"weekday": "5", "start_time": "09:00", "end_time": "13:00"},
    )
    absence = client.post(
        f"/interpreters/{profile.pk}/absences/add/",
        {"starts_on": f"{soon(3):%Y-%m-%d}", "ends_on": f"{soon(4):%Y-%m-%d}", "kind": "training"},
    )

    assert window["Location"] == absence["Location"] == f"/interpreters/{profile.pk}/"
    assert windows_of(profile) == [(5, time(9), time(13))]
    assert absences_of(profile) == [(soon(3), soon(4), "training")]


def test_an_overlap_is_refused_on_the_coordinators_page_too(coordinator, profile):
    add_window(profile=profile, weekday=0, start_time=time(8), end_time=time(12))

    response = client_for(coordinator).post(
        f"/interpreters/{profile.pk}/windows/add/",
        {"weekday": "0", "start_time": "11:00", "end_time": "15:00"},
    )

    assert response.status_code == 200
    assert translated(coordinator, "Profile") in text(response)
    assert windows_of(profile) == [(0, time(8), time(12))]


def test_a_coordinator_removes_a_window_and_an_absence(coordinator, profile):
    window = add_window(profile=profile, weekday=0, start_time=time(8), end_time=time(12))
    absence = add_absence(profile=profile, starts_on=soon(1), ends_on=soon(1))
    client = client_for(coordinator)

    client.post(f"/interpreters/{profile.pk}/windows/{window.pk}/remove/")
    client.post(f"/interpreters/{profile.pk}/absences/{absence.pk}/remove/")

    assert windows_of(profile) == absences_of(profile) == []


def test_a_window_of_another_profile_is_not_found_through_this_one(
    coordinator, profile, other_profile
):
    window = add_window(profile=other_profile, weekday=0, start_time=time(8), end_time=time(12))
    absence = add_absence(profile=other_profile, starts_on=soon(1), ends_on=soon(1))
    client = client_for(coordinator)

    assert client.post(f"/interpreters/{profile.pk}/windows/{window.pk}/remove/").status_code == 404
    assert (
        client.post(f"/interpreters/{profile.pk}/absences/{absence.pk}/remove/").status_code == 404
    )
    assert len(windows_of(other_profile)) == len(absences_of(other_profile)) == 1


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "interpreter"])
def test_nobody_else_uses_the_coordinators_urls(request, persona, profile, other_profile):
    window = add_window(profile=profile, weekday=0, start_time=time(8), end_time=time(12))
    absence = add_absence(profile=profile, starts_on=soon(1), ends_on=soon(1))
    before = stored(profile)
    client = client_for(request.getfixturevalue(persona))
    base = f"/interpreters/{profile.pk}"

    for path, data in [
        (f"{base}/windows/add/", {"weekday": "1", "start_time": "09:00", "end_time": "10:00"}),
        (f"{base}/absences/add/", {"starts_on": f"{soon(9):%Y-%m-%d}",
                                   "ends_on": f"{soon(9):%Y-%m-%d}", "kind": "holiday"}),
        (f"{base}/windows/{window.pk}/remove/", {}),
        (f"{base}/absences/{absence.pk}/remove/", {}),
    ]:  # fmt: skip
        assert client.post(path, data).status_code == 404, path
    assert stored(profile) == before
