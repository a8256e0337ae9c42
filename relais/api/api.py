"""The public REST API, version 1: ``/api/v1/``, OpenAPI 3.1 at ``/api/v1/openapi.json``,
interactive documentation at ``/api/v1/docs`` (Swagger UI served from the
``ninja`` app's static files, no CDN)."""

from ninja import NinjaAPI

from . import errors
from .auth import TokenAuth
from .routers import invoices, records, reference, requests

DESCRIPTION = """
The API of the interpreting service, for the institutions' own software: look up
languages, billing codes and places, ask whether an interpreter is free, send,
change, cancel and follow requests.

**Authentication**: an organisation manager creates a token on the institution's
page (API tokens). Send it in every request: `Authorization: Bearer <token>`.
A token acts for its institution only, with the rights of a requester, in the
name of the manager who created it; it stops working when it expires, is
revoked, or its creator is no longer a manager of the institution.

**Limits**: a number of requests per minute and token (429 with `Retry-After`
beyond it); request bodies of at most 64 KB (413); unknown fields are refused.

**Errors** always have the same shape: `{"code": "...", "message": "...",
"fields": {"field": ["..."]}}`.

**Language** of messages and names: the `Accept-Language` header (fr, nl or en),
otherwise the language of the token's creator.
"""

api = NinjaAPI(
    title="Relais API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", reference.router)
api.add_router("/", requests.router)
api.add_router("/", records.router)
api.add_router("/", invoices.router)
