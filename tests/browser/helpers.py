"""What the browser tests share: translated words, logging in and out."""

from django.utils import translation

from tests.conftest import PASSWORD, in_language

# Every browser test runs in both languages of Brussels.
LANGUAGES = ["fr", "nl"]


def t(language: str, message: str, /, **params) -> str:
    """`message` as the portal shows it in `language`, whatever the catalogues say today."""
    return in_language(language, message, **params)


def nt(language: str, singular: str, plural: str, count: int, **params) -> str:
    with translation.override(language):
        text = translation.ngettext(singular, plural, count)
    return text % params if params else text


def log_in(page, email: str, password: str = PASSWORD, *, language: str | None = None):
    """Log in through the form (shown in `language`); returns the response of the landing page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    return page.submit(t(language or page.language, "Log in"))


def log_out(page, user, language: str):
    """Log out from the account menu in the header."""
    page.get_by_role("button", name=user.get_full_name()).click()
    return page.submit(t(language, "Log out"))
