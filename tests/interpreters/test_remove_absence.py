"""An interpreter removes their own absences, and only theirs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.interpreters.services import add_absence
from tests.conftest import client_for

from .helpers import absences_of


def url(absence) -> str:
    return f"/interpreters/me/absences/{absence.pk}/remove/"


def soon(days: int):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def absence(profile):
    return add_absence(profile=profile, starts_on=soon(3), ends_on=soon(5))


@pytest.fixture
def other_absence(other_profile):
    return add_absence(profile=other_profile, starts_on=soon(3), ends_on=soon(5))


def test_an_interpreter_removes_an_absence(interpreter, profile, absence):
    response = client_for(interpreter).post(url(absence), follow=True)

    assert response.redirect_chain == [("/interpreters/me/", 302)]
    assert absences_of(profile) == []


def test_another_interpreters_absence_is_not_found_and_stays(interpreter, profile, other_absence):
    response = client_for(interpreter).post(url(other_absence))

    assert response.status_code == 404
    assert len(absences_of(other_absence.profile)) == 1


def test_removing_takes_a_post(interpreter, absence):
    assert client_for(interpreter).get(url(absence)).status_code == 405
    assert len(absences_of(absence.profile)) == 1


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "coordinator"])
def test_others_cannot_remove_it_through_the_interpreters_url(request, absence, persona):
    response = client_for(request.getfixturevalue(persona)).post(url(absence))

    assert response.status_code == 404
    assert len(absences_of(absence.profile)) == 1
