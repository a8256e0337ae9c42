"""Fuzzing the API against its own OpenAPI schema (schemathesis): for every
operation, generated requests — valid and invalid — with institution A's
token. No answer may be a server error, an undocumented status, or a body
that breaks the documented shape. At least 1,000 cases in all.

The app is called in-process (WSGI), on the test database, so every case
runs the real views, services and queries.
"""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from relais.invoicing.services import issue_invoices
from tests.api.conftest import make_token
from tests.bookings.helpers import make_interpreter
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 80  # per operation; fewer for operations whose inputs run out


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes the database connection at each request's end, which would
    close the test's transaction; its own test client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def secret(settings, org_a, manager_a, code_a, requester_a, arabic, coordinator):
    """A's token over a small world: a request, a validated service, an invoice."""
    settings.API_RATE_LIMIT = 1_000_000  # the limit has its own tests
    ilham = make_interpreter("ilham@example.org", arabic)
    all_tariffs()
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator)
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST)
    return make_token(org_a, manager_a)[1]


def test_no_server_error_and_no_answer_outside_the_schema(secret):
    """Each operation in turn, in one test: a count that parallel test runs
    can't split (the operations would share one test id)."""
    cases = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,  # no example database in the working tree
        )
        def fuzz(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
            cases[case.operation.label] += 1

        fuzz()
    assert len(cases) == len(list(schema.get_all_operations())) >= 16
    print(f"\n{sum(cases.values())} cases over {len(cases)} operations")
    assert sum(cases.values()) >= 1000, cases
