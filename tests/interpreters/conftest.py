"""An interpreter persona's profile, a second interpreter, and a few catalogue languages."""

import pytest

from relais.interpreters.models import LanguageLevel
from relais.interpreters.services import add_language, create_language, create_profile
from tests.conftest import make_user


@pytest.fixture
def dari(db):
    return create_language(code="prs", name_fr="Dari", name_nl="Dari", name_en="Dari")


@pytest.fixture
def profile(interpreter, arabic):
    profile = create_profile(
        user=interpreter, accepts_on_site=True, communes_served=["Anderlecht", "Forest"]
    )
    add_language(profile=profile, language=arabic, level=LanguageLevel.NATIVE)
    return profile


@pytest.fixture
def other_interpreter(db):
    return make_user(
        "other.interpreter@example.org",
        full_name="Tesfay Other",
        is_interpreter=True,
        language="nl",
    )


@pytest.fixture
def other_profile(other_interpreter, tigrinya):
    profile = create_profile(user=other_interpreter)
    add_language(profile=profile, language=tigrinya, level=LanguageLevel.NATIVE)
    return profile
