from django.utils.translation import get_language


def page_language() -> str:
    """fr, nl or en: the language of the page being rendered."""
    language = (get_language() or "fr")[:2]
    return language if language in {"fr", "nl"} else "en"
