"""The language of the API's messages.

The rule: the ``Accept-Language`` header when it names French, Dutch or
English; otherwise the preferred language of the person who created the
token; otherwise French (the portal's default).
"""

from django.conf import settings
from django.utils import translation

SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)


def from_header(header: str) -> str | None:
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED:
            return code
    return None


def activate_caller_language(request) -> str:
    language = from_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    if language is None:
        token = getattr(request, "api_token", None)
        creator_language = token.created_by.language if token is not None else None
        language = creator_language if creator_language in SUPPORTED else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language
