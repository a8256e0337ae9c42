"""What a person reads on a page, in their own language."""

from tests.conftest import in_language
from tests.conftest import page_text as text  # noqa: F401 - the tests' name for it


def translated(user, message: str, /, **params) -> str:
    """A UI message as this person reads it: in their preferred language."""
    return in_language(user.language, message, **params)
