"""The language catalogue: CLDR names through Babel, our own where CLDR has none."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from relais.interpreters.models import Language
from relais.interpreters.services import create_language, name_language


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("ar", ("Arabe", "Arabisch", "Arabic")),
        ("ti", ("Tigrigna", "Tigrinya", "Tigrinya")),
        ("ln", ("Lingala", "Lingala", "Lingala")),
        ("ku", ("Kurde", "Koerdisch", "Kurdish")),
        ("tzm", ("Amazighe de l\N{RIGHT SINGLE QUOTATION MARK}Atlas central",
                 "Tamazight (Centraal-Marokko)", "Central Atlas Tamazight")),
        ("rom", ("Romani", "Romani", "Romany")),
        ("fa-AF", ("Dari", "Dari", "Dari")),
    ],
)  # fmt: skip
def test_babel_names_a_code_in_french_dutch_and_english_as_labels(code, names):
    assert name_language(code) == names


@pytest.mark.parametrize("code", ["prs", "ar-MA", "xx", "", "  "])
def test_babel_does_not_know_some_codes(code):
    assert name_language(code) is None


def test_a_known_code_gets_its_names_from_babel(db):
    language = create_language(code="so")

    assert (language.name_fr, language.name_nl, language.name_en) == (
        "Somali",
        "Somalisch",
        "Somali",
    )
    assert language.is_active


def test_names_given_win_over_babel_and_the_others_are_filled(db):
    language = create_language(code="fa", name_fr="Persan (farsi)")

    assert (language.name_fr, language.name_nl, language.name_en) == (
        "Persan (farsi)",
        "Perzisch",
        "Persian",
    )


def test_a_code_unknown_to_babel_needs_its_three_names(db):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        create_language(code="prs", name_fr="Dari", name_en="Dari")

    assert error.value.messages == [
        "The code prs has no standard name: give its name in French, Dutch and English."
    ]
    assert not Language.objects.exists()


def test_a_dialect_gets_our_own_names(db):
    language = create_language(
        code="ar-MA",
        name_fr="Arabe marocain (darija)",
        name_nl="Marokkaans Arabisch (Darija)",
        name_en="Moroccan Arabic (Darija)",
    )

    assert language.code == "ar-MA"


def test_a_code_is_in_the_catalogue_once(db):
    create_language(code="ar")

    with pytest.raises(ValidationError) as error:
        create_language(code="ar")

    assert "code" in error.value.message_dict
    assert Language.objects.count() == 1


def test_a_code_is_at_most_twelve_characters(db):
    with pytest.raises(ValidationError) as error:
        create_language(code="x" * 13, name_fr="X", name_nl="X", name_en="X")

    assert "code" in error.value.message_dict


@pytest.mark.parametrize(
    ("language", "name"), [("fr", "Arabe"), ("nl", "Arabisch"), ("en", "Arabic"), ("de", "Arabic")]
)
def test_the_name_follows_the_language_of_the_page(db, language, name):
    arabic = create_language(code="ar")

    with translation.override(language):
        assert arabic.name == name
        assert str(arabic) == name
