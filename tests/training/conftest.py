import pytest

from tests.bookings.helpers import at

from .helpers import plan

# Before the sessions: the clock the services are given.
BEFORE = at("2030-05-20", "10:00")


@pytest.fixture
def session(coordinator):
    return plan(coordinator)
