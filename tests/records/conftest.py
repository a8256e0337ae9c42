"""A confirmed service on Monday 3 June 2030, 10:00-11:00, and its interpreter."""

import pytest

from relais.bookings.services import confirm_booking, submit_booking
from tests.bookings.helpers import draft, make_interpreter


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def service(org_a, code_a, requester_a, arabic, ilham, coordinator):
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    return confirm_booking(booking=booking, by=coordinator)
