import pytest

from tests.bookings.helpers import make_interpreter


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)
