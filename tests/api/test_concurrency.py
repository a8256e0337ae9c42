"""Concurrent API calls, as two retries of an institution's software or several
web processes would send them: real threads, real transactions."""

import pytest

from relais.api.models import ApiRateWindow
from relais.bookings.models import Booking
from tests.api.conftest import ApiClient, request_body
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_idempotency_key_sent_twice_at_once_books_once(
    token_a, org_a, code_a, arabic_interpreter
):
    body = request_body(org_a, code_a)

    def send():
        response = ApiClient(token_a[1]).post("/requests", body, HTTP_IDEMPOTENCY_KEY="retry-1")
        return response.status_code, response.json().get("id", str(response.json()))

    outcomes = run_together(send, send, send)

    assert [kind for kind, _answer in outcomes] == ["done"] * 3, outcomes
    assert {answer for _kind, answer in outcomes} == {(201, Booking.objects.get().pk)}


def test_the_rate_limit_counts_concurrent_requests_exactly(token_a, settings):
    settings.API_RATE_LIMIT = 4

    def call():
        return ApiClient(token_a[1]).get("/languages").status_code

    outcomes = run_together(*[call] * 6)

    statuses = sorted(answer for _kind, answer in outcomes)
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert sum(ApiRateWindow.objects.values_list("count", flat=True)) == 6
