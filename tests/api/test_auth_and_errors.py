"""Tokens at the door, limits, and every error in one shape in the caller's language."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.api.models import ApiToken
from relais.bookings.models import Booking
from relais.organisations.models import Membership
from tests.api.conftest import ApiClient, request_body
from tests.conftest import in_language

SHAPE = {"code", "message", "fields"}


def test_no_token_is_401_in_the_error_shape(db):
    response = Client().get("/api/v1/languages")

    assert response.status_code == 401
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("secret", ["nonsense", "rls_" + "x" * 43, "rls_" + "é" * 200])
def test_an_unknown_token_is_401(db, secret):
    response = ApiClient(secret).get("/languages")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_an_expired_token_is_401(token_a, org_a):
    token, secret = token_a
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = ApiClient(secret).get("/places", HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 401
    assert response.json()["message"] == "Dit API-token is onbekend, verlopen of ingetrokken."


def test_a_revoked_token_is_401(token_a):
    token, secret = token_a
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    assert ApiClient(secret).get("/places").status_code == 401


def test_a_token_stops_working_when_its_creator_leaves_the_institution(token_a, manager_a):
    Membership.objects.filter(user=manager_a).update(is_active=False)

    assert ApiClient(token_a[1]).get("/places").status_code == 401


def test_only_the_hash_of_the_secret_is_stored(token_a):
    token, secret = token_a
    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert secret not in str(stored)
    assert secret.startswith(token.prefix)
    assert len(secret) > 40


def test_messages_follow_accept_language_else_the_creators_language(api_b, api_a):
    # Manager B prefers Dutch, manager A French.
    assert "waarden" in api_b.post("/availability", {}).json()["message"]
    assert "valeurs" in api_a.post("/availability", {}).json()["message"]
    english = api_a.post("/availability", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == "Some values are missing or not valid: see the fields."


def test_malformed_json_is_400(api_a):
    response = api_a.post("/requests", raw='{"modality": "on_site",')

    assert response.status_code == 400
    assert response.json() == {
        "code": "malformed_json",
        "message": in_language("fr", "The request body is not valid JSON."),
        "fields": {},
    }


def test_wrong_types_and_unknown_fields_are_422_per_field(api_a, org_a, code_a, arabic):
    body = request_body(org_a, code_a, duration_minutes="long", beneficiary="Mr X")
    body["start"] = "tomorrow"

    response = api_a.post("/requests", body)

    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["beneficiary"] == [in_language("fr", "This field is not accepted.")]
    assert set(fields) == {"beneficiary", "duration_minutes", "start"}
    assert not Booking.objects.exists()


def test_a_json_array_or_a_naive_date_is_422(api_a, org_a, code_a, arabic):
    naive = api_a.post("/requests", request_body(org_a, code_a, start="2030-06-03T10:00:00"))
    array = api_a.post("/requests", raw="[1, 2]")

    assert naive.status_code == 422 and "start" in naive.json()["fields"]
    assert array.status_code == 422


def test_values_the_database_could_not_hold_are_422(api_a, org_a, code_a, arabic):
    huge_id = api_a.post("/requests", request_body(org_a, code_a, billing_code=2**63))
    nul = api_a.post("/requests", request_body(org_a, code_a, internal_reference="a\x00b"))
    far = api_a.post("/requests", request_body(org_a, code_a, start="9999-12-31T23:00:00+00:00"))
    big_path = api_a.get(f"/requests/{2**63}")

    assert huge_id.status_code == nul.status_code == far.status_code == 422
    assert big_path.status_code == 422
    assert not Booking.objects.exists()


def test_a_huge_body_is_413_and_nothing_is_read(api_a, org_a, code_a, arabic, settings):
    settings.API_MAX_BODY_BYTES = 1024
    body = request_body(org_a, code_a, note_for_interpreter="x" * 2000)

    response = api_a.post("/requests", body)

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not Booking.objects.exists()


def test_too_many_requests_is_429_with_retry_after(api_a, settings):
    settings.API_RATE_LIMIT = 3

    answers = [api_a.get("/languages").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    last = api_a.get("/languages")
    assert last.json()["code"] == "rate_limited"
    assert 1 <= int(last["Retry-After"]) <= 60


def test_the_limit_is_per_token(api_a, api_b, settings):
    settings.API_RATE_LIMIT = 1
    api_a.get("/languages")

    assert api_a.get("/languages").status_code == 429
    assert api_b.get("/languages").status_code == 200


def test_a_missing_id_is_404_in_the_error_shape(api_a):
    response = api_a.get("/requests/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == SHAPE
