"""French and Dutch are complete: every string of the code is translated, none fuzzy."""

import shutil

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ["fr", "nl"]


def catalogue(root, language):
    with open(root / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle)


def message_ids(cat) -> set[str]:
    return {str(message.id) for message in cat if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    cat = catalogue(settings.BASE_DIR / "locale", language)
    untranslated = [
        message.id
        for message in cat
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [message.id for message in cat if message.id and message.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"
    assert not cat.fuzzy, f"the {language} catalogue header is marked fuzzy"


def test_the_catalogues_hold_every_string_of_the_code(tmp_path, settings, monkeypatch):
    """Extract the strings afresh: a msgid missing from a catalogue is an untranslated string."""
    # makemessages writes next to the sources it reads, so it runs on a copy.
    committed = settings.BASE_DIR / "locale"
    for folder in ("relais", "templates", "locale"):
        shutil.copytree(
            settings.BASE_DIR / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"),
        )
    fresh = tmp_path / "locale"
    settings.LOCALE_PATHS = [fresh]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=LANGUAGES, no_obsolete=True, verbosity=0)
    for language in LANGUAGES:
        missing = message_ids(catalogue(fresh, language)) - message_ids(
            catalogue(committed, language)
        )
        assert not missing, (
            f"strings missing from locale/{language} (run `make messages`): {sorted(missing)[:5]}"
        )
