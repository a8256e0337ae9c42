"""Languages and interpreters for the request tests."""

import pytest

from relais.interpreters.services import create_language
from tests.bookings.helpers import make_interpreter


@pytest.fixture
def arabic(db):
    return create_language(code="ar")


@pytest.fixture
def tigrinya(db):
    return create_language(code="ti")


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def youssef(arabic):
    return make_interpreter("youssef@example.org", arabic)
