from django.utils.translation import get_language


def page_language() -> str:
    """fr, nl or en: the language of the page being rendered."""
    language = (get_language() or "fr")[:2]
    return language if language in {"fr", "nl"} else "en"


def in_sentence(name: str) -> str:
    """A language's name (or a level) inside a sentence of the page: French writes
    them in lower case ("parle arabe"), Dutch and English capitalise them."""
    if page_language() == "fr" and name[:1].isupper() and not name[1:2].isupper():
        return name[:1].lower() + name[1:]
    return name
