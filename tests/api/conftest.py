"""A token of institution A (created by manager A), B's, and a client that sends them."""

import json
import re
from datetime import timedelta
from functools import cache

import jsonschema_rs
import pytest
from django.test import Client
from django.utils import timezone

from relais.api.tokens import create_token
from tests.bookings.helpers import MONDAY, make_interpreter


@cache
def openapi() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def assert_documented(response) -> None:
    """The response's status is documented for its operation, and its body has
    the documented shape (the OpenAPI schema is what clients are promised)."""
    method = response.request["REQUEST_METHOD"].lower()
    path = response.request["PATH_INFO"]
    schema = openapi()
    for template, operations in schema["paths"].items():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method in operations:
            break
    else:
        raise AssertionError(f"{method} {path} is not in the schema")
    documented = operations[method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path}: {status} is not documented"
    body_schema = documented[status]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator(
        {**body_schema, "components": schema["components"]}
    )
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert not errors, f"{method} {path} {status}: {errors[:3]}"


class ApiClient:
    """Django's test client with the token in the Authorization header; every
    answer is checked against the OpenAPI schema."""

    def __init__(self, secret: str | None, **headers):
        self.client = Client()
        self.headers = dict(headers)
        if secret is not None:
            self.headers["Authorization"] = f"Bearer {secret}"

    def _send(self, method, path, body=None, raw=None, **meta):
        kwargs = {"headers": self.headers, **meta}
        if body is not None or raw is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(body)
            kwargs["content_type"] = "application/json"
        response = getattr(self.client, method)(f"/api/v1{path}", **kwargs)
        assert_documented(response)
        return response

    def get(self, path, params=None, **meta):
        response = self.client.get(f"/api/v1{path}", params or {}, headers=self.headers, **meta)
        assert_documented(response)
        return response

    def post(self, path, body=None, raw=None, **meta):
        return self._send("post", path, body, raw, **meta)

    def patch(self, path, body=None, raw=None, **meta):
        return self._send("patch", path, body, raw, **meta)


def make_token(organisation, manager, name="Hospital software"):
    return create_token(
        organisation=organisation,
        name=name,
        expires_on=timezone.localdate() + timedelta(days=30),
        by=manager,
    )


@pytest.fixture
def token_a(org_a, manager_a):
    return make_token(org_a, manager_a)


@pytest.fixture
def api_a(token_a):
    return ApiClient(token_a[1])


@pytest.fixture
def token_b(org_b, manager_b):
    return make_token(org_b, manager_b)


@pytest.fixture
def api_b(token_b):
    return ApiClient(token_b[1])


@pytest.fixture
def arabic_interpreter(arabic):
    return make_interpreter("arabic.interpreter@example.org", arabic)


def request_body(organisation, code, language="ar", **overrides) -> dict:
    """One hour of on-site interpreting on a Monday well in the future."""
    body = {
        "modality": "on_site",
        "billing_code": code.pk,
        "language": language,
        "start": f"{MONDAY}T10:00:00+02:00",
        "duration_minutes": 60,
        "place": organisation.official_place.pk,
        "onsite_contact_name": "Accueil, Mme Dupont",
        "onsite_contact_phone": "02 555 01 01",
        "internal_reference": "DOS-42",
    }
    return body | overrides
