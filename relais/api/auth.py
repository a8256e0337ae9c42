"""``Authorization: Bearer <token>``: who is calling, within their rate and size limits.

Runs before the body is read, so an oversized body is refused (413) without
being parsed, and a token over its limit (429) costs one UPDATE.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from .errors import ApiError
from .language import activate_caller_language
from .tokens import count_request, find_token

DEFAULT_MAX_BODY_BYTES = 64 * 1024


def max_body_bytes() -> int:
    return getattr(settings, "API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)


def check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_body_bytes():
        raise ApiError(
            413,
            "payload_too_large",
            _("The request body is too large: at most %(size)d KB.")
            % {"size": max_body_bytes() // 1024},
        )


class TokenAuth(HttpBearer):
    def __call__(self, request):
        activate_caller_language(request)
        check_body_size(request)
        return super().__call__(request)

    def authenticate(self, request, token: str):
        now = timezone.now()
        api_token = find_token(token, now=now)
        if api_token is None:
            raise ApiError(
                401,
                "unauthorized",
                _("This API token is unknown, expired or revoked."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        request.api_token = api_token
        activate_caller_language(request)
        verdict = count_request(api_token, now=now)
        if not verdict.allowed:
            raise ApiError(
                429,
                "rate_limited",
                _("Too many requests with this token: wait %(seconds)d seconds.")
                % {"seconds": verdict.retry_after},
                headers={"Retry-After": str(verdict.retry_after)},
            )
        return api_token
