"""Every error of the API in one shape: ``{"code", "message", "fields"}``.

``message`` is in the caller's language (see ``language.py``); ``fields`` maps
a field of the request body or query to its messages, ``{}`` when the error is
about the request as a whole. A catch-all logs anything unexpected and still
answers in this shape.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .language import activate_caller_language

logger = logging.getLogger(__name__)

# Service errors about the request's state rather than its fields: the request
# is valid, but cannot be done now (409).
STATE_CODES = frozenset(
    {"cancelled", "not_cancellable", "started", "not_changeable", "not_draft", "revoked"}
)


class ErrorOut(Schema):
    code: str = Field(
        description="A stable, machine-readable code: invalid, unauthorized, not_found, "
        "rate_limited, payload_too_large, malformed_json, conflict, idempotency_conflict, "
        "no_interpreter_free, forbidden, server_error, or a state such as cancelled or started."
    )
    message: str = Field(description="What went wrong, for a person, in the caller's language.")
    fields: dict[str, list[str]] = Field(
        description="Messages per field of the body or query string; empty when the error "
        "concerns the whole request. Non-field messages of a validation are under __all__."
    )


class ApiError(Exception):
    """An error the API answers as is."""

    def __init__(self, status: int, code: str, message, fields=None, headers=None):
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.headers = headers or {}


def error_response(api, request, status: int, code: str, message, fields=None, headers=None):
    response = api.create_response(
        request,
        {"code": code, "message": str(message), "fields": fields or {}},
        status=status,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# What pydantic says of a field, as a person can read it, in their language.
def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not accepted.")
    if kind in {"string_too_long", "too_long"}:
        return _("This value is too long.")
    if kind == "string_too_short":
        return _("This value is too short.")
    if kind.startswith("datetime") or kind.startswith("date"):
        return _("Enter a date and time in ISO 8601 format, with its time zone.")
    if kind.startswith("int") or kind in {"greater_than_equal", "less_than_equal"}:
        return _("Enter a whole number within the allowed range.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in {"literal_error", "enum"}:
        return _("Choose one of the allowed values.")
    return _("This value is not valid.")


def _field_name(loc) -> str:
    # ninja's locations start with where the value came from ("body", "query")
    # and the parameter's name; the field is what follows.
    parts = [str(part) for part in loc[2:]] or [str(part) for part in loc[1:2]] or ["__all__"]
    return ".".join(parts)


def validation_fields(errors) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_field_message(error))
    return fields


def django_fields(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def install(api) -> None:
    """Register the handlers of every kind of error on the NinjaAPI."""

    def handle(exc_class):
        def register(function):
            def handler(request: HttpRequest, exc) -> HttpResponse:
                activate_caller_language(request)
                return function(request, exc)

            api.add_exception_handler(exc_class, handler)
            return function

        return register

    @handle(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(
            api, request, exc.status, exc.code, exc.message, exc.fields, exc.headers
        )

    @handle(AuthenticationError)
    def unauthorized(request, exc):
        return error_response(
            api,
            request,
            401,
            "unauthorized",
            _("Send a valid API token in the header: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @handle(NinjaValidationError)
    def invalid(request, exc):
        return error_response(
            api,
            request,
            422,
            "invalid",
            _("Some values are missing or not valid: see the fields."),
            validation_fields(exc.errors),
        )

    @handle(DjangoValidationError)
    def refused(request, exc: DjangoValidationError):
        code = getattr(exc, "code", None)
        if not hasattr(exc, "error_dict") and code in STATE_CODES:
            return error_response(api, request, 409, code, " ".join(exc.messages))
        fields = django_fields(exc)
        message = _("Some values are missing or not valid: see the fields.")
        if list(fields) == ["__all__"]:
            message = " ".join(fields["__all__"])
        return error_response(api, request, 422, "invalid", message, fields)

    @handle(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:
            return error_response(
                api, request, 400, "malformed_json", _("The request body is not valid JSON.")
            )
        return error_response(api, request, exc.status_code, "error", str(exc))

    @handle(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(
            api, request, 413, "payload_too_large", _("The request body is too large.")
        )

    @handle(RawPostDataException)
    def unreadable(request, exc):
        return error_response(
            api, request, 400, "malformed_json", _("The request body is not valid JSON.")
        )

    @handle(PermissionDenied)
    def forbidden(request, exc):
        return error_response(
            api, request, 403, "forbidden", str(exc) or _("This token may not do that.")
        )

    @handle(Http404)
    def not_found(request, exc):
        return error_response(
            api, request, 404, "not_found", _("Nothing was found at this address.")
        )

    @handle(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(
            api,
            request,
            500,
            "server_error",
            _("Something went wrong on our side; the error is logged. Please try again later."),
        )
