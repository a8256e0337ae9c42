"""The request's page: details, status and history for its institution and the coordinators."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from relais.bookings.services import confirm_booking, submit_booking
from tests.bookings.helpers import draft
from tests.conftest import client_for


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham, youssef):
    booking = draft(org_a, code_a, requester_a, arabic, internal_reference="DOSSIER-7")
    return submit_booking(booking=booking, by=requester_a)


def test_it_shows_the_request_to_its_institution(received, manager_a):
    response = client_for(manager_a).get(f"/requests/{received.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "DOSSIER-7" in page
    assert "CPAS-SG-01" in page
    assert "10:00\u201311:00" in page
    assert received.get_status_display() in page


def test_members_never_see_the_held_interpreter(received, requester_a, ilham):
    page = client_for(requester_a).get(f"/requests/{received.pk}/").content.decode()
    assert ilham.user.get_full_name() not in page
    assert "Ranked candidates" not in page


def test_the_history_says_who_when_what(received, requester_a, coordinator, ilham):
    confirm_booking(booking=received, by=coordinator)
    page = client_for(requester_a).get(f"/requests/{received.pk}/").content.decode()
    assert "Amina Requester" in page  # submitted by
    with translation.override("fr"):
        assert escape(gettext("the operations team")) in page
    assert coordinator.get_full_name() not in page
    assert ilham.user.get_short_name() in page  # confirmed: the first name may be shown


def test_coordinators_see_names_and_candidates(received, coordinator, ilham, youssef):
    response = client_for(coordinator).get(f"/requests/{received.pk}/")
    page = response.content.decode()
    assert ilham.user.get_full_name() in page
    assert youssef.user.get_full_name() in page
    assert 'name="interpreter"' in page
    assert 'name="reason"' in page


def test_it_hides_other_institutions_requests(received, requester_b):
    assert client_for(requester_b).get(f"/requests/{received.pk}/").status_code == 404
    assert client_for(requester_b).get("/requests/999999/").status_code == 404
