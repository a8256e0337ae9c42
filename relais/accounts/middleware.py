from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SESSION_STARTED = "relais_started"
SESSION_SEEN = "relais_seen"
# Writing the session on every request would cost a query each time; a minute
# of precision on the idle timeout is plenty.
SEEN_PRECISION_SECONDS = 60


class SessionTimeoutMiddleware:
    """Log out after 30 minutes idle or 12 hours in all (OWASP ASVS 3.3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            idle = now - seen > settings.SESSION_IDLE_TIMEOUT.total_seconds()
            too_long = now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if idle or too_long:
                language = request.user.language
                logout(request)
                with translation.override(language):
                    messages.info(request, _("Your session has expired. Please log in again."))
                response = redirect(f"{reverse('accounts:login')}?next={request.path}")
                remember_language(response, language)  # the login page in their language
                return response
            if now - seen >= SEEN_PRECISION_SECONDS or SESSION_SEEN not in request.session:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


def remember_language(response, language: str) -> None:
    """Keep the interface language in a cookie, for the pages seen before logging in."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )


def language_from_accept_header(header: str) -> str | None:
    """French or Dutch from Accept-Language, the languages of Brussels; English only by choice."""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in {"fr", "nl"}:
            return code
    return None


class UserLanguageMiddleware:
    """Pick the interface language: a person's preferred language once logged in;
    before that the visitor's choice (cookie), French or Dutch from the browser,
    then French."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        available = dict(settings.LANGUAGES)
        if request.user.is_authenticated:
            language = request.user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in available:
            language = language_from_accept_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        language = language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(
            filter(None, [response.headers.get("Vary"), "Cookie", "Accept-Language"])
        )
        translation.deactivate()
        return response
