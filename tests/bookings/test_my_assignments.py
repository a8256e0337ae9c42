"""The interpreter's upcoming confirmed assignments, on their own page."""

from relais.bookings.services import confirm_booking, submit_booking
from tests.bookings.helpers import draft
from tests.conftest import client_for


def test_it_lists_confirmed_assignments_with_their_place(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    booking = draft(org_a, code_a, requester_a, arabic, note_for_interpreter="Second floor.")
    booking = submit_booking(booking=booking, by=requester_a)
    client = client_for(ilham.user)
    assert "Second floor." not in client.get("/interpreters/me/").content.decode()  # a hold only

    confirm_booking(booking=booking, by=coordinator)
    page = client.get("/interpreters/me/").content.decode()
    assert "Second floor." in page
    assert org_a.name in page
    assert "10:00\u201311:00" in page
    assert "https://www.openstreetmap.org/search?query=Rue%20Fernand%20Bernier%2040" in page
    assert 'href="tel:025550101"' in page


def test_it_shows_only_their_own(org_a, code_a, requester_a, arabic, ilham, youssef, coordinator):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    confirm_booking(booking=booking, by=coordinator, interpreter=ilham)
    page = client_for(youssef.user).get("/interpreters/me/").content.decode()
    assert org_a.name not in page
