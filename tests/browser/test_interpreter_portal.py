"""An interpreter keeps their week and absences up to date from a phone; a coordinator
edits an interpreter's languages. French and Dutch, axe-core on every page."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from relais.accounts.models import User
from relais.interpreters.models import InterpreterProfile, LanguageLevel
from relais.interpreters.services import add_language, create_language, create_profile
from relais.organisations import demo

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 360


def overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture
def arabic_speaker(interpreter):
    profile = create_profile(user=interpreter, accepts_on_site=True, communes_served=["Forest"])
    add_language(profile=profile, language=create_language(code="ar"), level=LanguageLevel.NATIVE)
    return profile


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interpreter_adds_a_window_and_an_absence_on_a_phone(
    open_page, interpreter, arabic_speaker, language
):
    interpreter.language = language
    interpreter.save(update_fields=["language"])
    page = open_page(language, width=PHONE, height=740)

    log_in(page, interpreter.email)
    # Logging in lands on the home page; the availability is a tab away.
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Actions and tasks"))
    page.goto("/interpreters/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "My availability"))
    assert overflow(page) == 0

    # A Saturday morning.
    form = page.get_by_role("form", name=t(language, "Add a window"))
    form.get_by_label(t(language, "Day")).select_option("5")
    form.get_by_label(t(language, "From")).fill("09:00")
    form.get_by_label(t(language, "Until")).fill("12:30")
    page.submit(t(language, "Add this window"))
    with translation.override(language):
        saturday = str(translation.pgettext("weekday", "Saturday"))
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "Available on %(day)s from %(start)s to %(end)s: saved.",
          day=saturday.lower(), start="09:00", end="12:30")
    )  # fmt: skip
    week = page.get_by_role("region", name=t(language, "Weekly availability"))
    expect(week).to_contain_text(saturday)

    # An overlapping window is refused, with the reason, and focus goes to the summary.
    form = page.get_by_role("form", name=t(language, "Add a window"))
    form.get_by_label(t(language, "Day")).select_option("5")
    form.get_by_label(t(language, "From")).fill("11:00")
    form.get_by_label(t(language, "Until")).fill("14:00")
    page.submit(t(language, "Add this window"))
    expect(page.locator("#error-summary")).to_contain_text("09:00")
    assert arabic_speaker.windows.count() == 1

    # A week of holiday, starting in ten days.
    first, last = (timezone.localdate() + timedelta(days=days) for days in (10, 16))
    form = page.get_by_role("form", name=t(language, "Add an absence"))
    form.get_by_label(t(language, "First day")).fill(first.isoformat())
    form.get_by_label(t(language, "Last day")).fill(last.isoformat())
    form.get_by_label(t(language, "Kind")).select_option("holiday")
    page.submit(t(language, "Add this absence"))
    with translation.override(language):
        short = [formats.date_format(day, "SHORT_DATE_FORMAT") for day in (first, last)]
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "Absence from %(start)s to %(end)s: saved.", start=short[0], end=short[1])
    )
    absences = page.get_by_role("region", name=t(language, "Absences"))
    expect(absences).to_contain_text(t(language, "Holiday"))
    assert overflow(page) == 0

    # The remove buttons are big enough for a thumb.
    remove = absences.get_by_role("button", name=t(language, "Remove"))
    box = remove.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.click_and_wait(remove)
    expect(page.get_by_role("region", name=t(language, "Absences"))).to_contain_text(
        t(language, "No absence planned.")
    )
    assert not arabic_speaker.absences.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_edits_an_interpreters_languages(
    open_page, coordinator, interpreter, arabic_speaker, language
):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    create_language(code="ti")
    page = open_page(language)

    log_in(page, coordinator.email)
    menu = page.get_by_role("navigation", name=t(language, "Main menu"))
    page.click_and_wait(menu.get_by_role("link", name=t(language, "Interpreters")))
    page.click_and_wait(page.get_by_role("link", name=interpreter.full_name))
    expect(page.get_by_role("heading", level=1)).to_have_text(interpreter.full_name)

    tigrinya = {"fr": "Tigrigna", "nl": "Tigrinya"}[language]
    form = page.get_by_role("form", name=t(language, "Add a language"))
    form.get_by_label(t(language, "Language")).select_option(label=tigrinya)
    form.get_by_label(t(language, "Level")).select_option("fluent")
    page.submit(t(language, "Add this language"))
    languages = page.get_by_role("region", name=t(language, "Languages"))
    expect(languages).to_contain_text(tigrinya)
    expect(languages).to_contain_text(t(language, "Fluent"))

    arabic = {"fr": "Arabe", "nl": "Arabisch"}[language]
    page.click_and_wait(languages.get_by_role("button", name=f"{t(language, 'Remove')} {arabic}"))
    spoken = page.get_by_role("region", name=t(language, "Languages")).get_by_role("listitem")
    expect(spoken).to_have_count(1)
    expect(spoken).not_to_contain_text(arabic)
    assert list(arabic_speaker.languages.values_list("language__code", "level")) == [
        ("ti", "fluent")
    ]

    # The list shows the change.
    page.click_and_wait(menu.get_by_role("link", name=t(language, "Interpreters")))
    expect(page.get_by_role("row").filter(has_text=interpreter.full_name)).to_contain_text(tigrinya)


def test_the_demo_interpreters_page_on_a_phone(open_page, tmp_path):
    """The page `make run` shows the demo interpreter, at 360 px: saved for a look."""
    call_command("load_demo", force=True, verbosity=0)
    samira = User.objects.get(email="interpreter@relais-demo.example")
    assert InterpreterProfile.objects.filter(user=samira).exists()
    page = open_page("fr", width=PHONE, height=740)

    log_in(page, samira.email, demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("fr", "Actions and tasks"))
    page.goto("/interpreters/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("fr", "My availability"))
    path = Path(os.environ.get("RELAIS_SCREENSHOT_INTERPRETER", tmp_path / "interpreter.png"))
    page.screenshot(path=str(path), full_page=True)
    assert overflow(page) == 0
