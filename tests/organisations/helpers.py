"""What a person reads on a page, in their own language."""

import html

from django.utils import translation
from django.utils.translation import gettext


def text(response) -> str:
    """The page as its reader sees it: HTML entities (&#x27; …) decoded."""
    return html.unescape(response.content.decode())


def translated(user, message: str, **params) -> str:
    """A UI message as this person reads it: in their preferred language."""
    with translation.override(user.language):
        return gettext(message) % params if params else gettext(message)
