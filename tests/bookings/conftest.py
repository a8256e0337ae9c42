"""Languages and interpreters for the request tests."""

import pytest

from tests.bookings.helpers import make_interpreter


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def youssef(arabic):
    return make_interpreter("youssef@example.org", arabic)
