"""A token of institution A (created by manager A), B's, and a client that sends them."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.api.tokens import create_token
from tests.bookings.helpers import MONDAY, make_interpreter


class ApiClient:
    """Django's test client with the token in the Authorization header."""

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
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path, params=None, **meta):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers, **meta)

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
