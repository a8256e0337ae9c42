"""What a person sees: the text of a page, the links of an email."""

import html
import re
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.translation import ngettext

from tests.conftest import in_language, page_text


def translated(msgid: str, language: str, /, **params) -> str:
    """`msgid` as the catalogue of `language` says it, whatever stage the catalogues are at."""
    return in_language(language, msgid, **params)


def subject_line(msgid: str, language: str, **params) -> str:
    """An email subject: the translation on one line (non-breaking spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", translated(msgid, language, **params)).strip()


def translated_plural(singular: str, plural: str, count: int, language: str, **params) -> str:
    with translation.override(language):
        text = ngettext(singular, plural, count)
    return text % params if params else text


def says(response, msgid: str, **params) -> bool:
    """Does the page show `msgid` in the language it was served in?"""
    language = response.headers["Content-Language"]
    return translated(msgid, language, **params) in page_text(response)


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in an email's text that starts with `path_prefix`;
    the HTML part carries the same link."""
    for url in re.findall(r"https?://\S+", message.body):
        path = urlsplit(url).path
        if path.startswith(path_prefix):
            html_part = message.alternatives[0][0]
            assert url in html.unescape(html_part), "the HTML part has another link"
            return path
    raise AssertionError(f"no link to {path_prefix} in:\n{message.body}")


def activation_link(message) -> str:
    return link_in(message, "/accounts/activate/")
