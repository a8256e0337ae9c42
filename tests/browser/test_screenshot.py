"""The README's screenshot, and the same page on a 360 px phone.

Both are taken at every run (under pytest's tmp_path) and checked for a layout
that fits the screen. To refresh the README's picture:

    DEBUG=1 RELAIS_SCREENSHOT=docs/screenshot.png .venv/bin/pytest tests/browser/test_screenshot.py

RELAIS_SCREENSHOT_MOBILE=path saves the 360 px one too.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from relais.accounts.models import User
from relais.accounts.services import invite_user
from relais.organisations import demo
from relais.organisations.models import Organisation

from .helpers import log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def target(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return (ROOT / value if not os.path.isabs(value) else Path(value)) if value else default


@pytest.fixture
def demo_manager(db):
    """The demo's CPAS, as `make run` shows it, with one invitation still open."""
    call_command("load_demo", force=True, verbosity=0)
    manager = User.objects.get(email="manager@cpas-demo.example")
    cpas = Organisation.objects.get(enterprise_number=demo.CPAS)
    invite_user(
        invited_by=manager,
        email="marc.lejeune@cpas-demo.example",
        full_name="Marc Lejeune",
        role="requester",
        organisation=cpas,
    )
    return manager, cpas


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [1280, 360])
def test_my_organisations_page(open_page, demo_manager, tmp_path, width):
    manager, cpas = demo_manager
    page = open_page("fr", width=width, height=800)
    log_in(page, manager.email, demo.DEMO_PASSWORD)
    page.goto("/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text(cpas.name)
    expect(page.get_by_role("row").filter(has_text="Marc Lejeune")).to_contain_text(
        t("fr", "Invited")
    )
    page.mouse.move(0, 0)
    if width == 1280:
        path = target("RELAIS_SCREENSHOT", tmp_path / "screenshot.png")
    else:
        path = target("RELAIS_SCREENSHOT_MOBILE", tmp_path / f"screenshot-{width}.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=width != 1280)
    assert path.stat().st_size > 10_000
    assert overflow(page) == 0, f"the page scrolls sideways at {width} px: see {path}"

    if width < 992:  # the header folds into a menu button
        menu = page.get_by_role("navigation", name=t("fr", "Main menu"))
        expect(menu.get_by_role("link", name=t("fr", "My organisations"))).to_be_hidden()
        menu.get_by_role("button", name=t("fr", "Show the menu")).click()
        expect(menu.get_by_role("link", name=t("fr", "My organisations"))).to_be_visible()
        expect(page.locator("#portal-nav")).to_have_class(re.compile(r"\bshow\b"))  # opened
        expect(menu.get_by_role("button", name=manager.full_name)).to_be_visible()
        expect(menu.get_by_role("button", name=re.compile("^NL"))).to_be_in_viewport()
        page.check_axe(again=True)
        assert overflow(page) == 0
        page.screenshot(path=str(path.with_stem(f"{path.stem}-menu")))
