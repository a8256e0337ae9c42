"""The schema and the interactive documentation, served without any CDN."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_openapi_3_1_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["version"] == "1"
    operations = {
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    }
    assert operations >= {
        ("GET", "/api/v1/languages"),
        ("GET", "/api/v1/billing-codes"),
        ("GET", "/api/v1/places"),
        ("POST", "/api/v1/availability"),
        ("POST", "/api/v1/requests"),
        ("GET", "/api/v1/requests"),
        ("GET", "/api/v1/requests/{booking_id}"),
        ("PATCH", "/api/v1/requests/{booking_id}"),
        ("POST", "/api/v1/requests/{booking_id}/cancel"),
    }


def test_every_field_is_documented(schema):
    undocumented = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert not undocumented


def test_every_operation_documents_its_errors_in_the_error_shape(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            expected = ("401", "429") + (("404", "422") if "{booking_id}" in path else ())
            for status in expected:
                assert status in responses, (method, path, status)
                content = responses[status]["content"]["application/json"]["schema"]
                assert content["$ref"].endswith("/ErrorOut"), (method, path, status)


def test_the_interactive_docs_load_their_assets_from_this_server(db):
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        if asset.endswith((".js", ".css")):
            # Served by the static files of the "ninja" app (collectstatic, WhiteNoise).
            assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset


def test_the_tests_schema_check_catches_a_body_that_breaks_the_schema(db):
    from django.http import JsonResponse

    from tests.api.conftest import assert_documented

    response = JsonResponse({"code": "not_found"}, status=404)
    response.request = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/requests/12"}
    response.json = lambda: {"code": "not_found"}
    with pytest.raises(AssertionError, match="message"):
        assert_documented(response)
    response.status_code = 418
    with pytest.raises(AssertionError, match="not documented"):
        assert_documented(response)
