"""A coordinator works through the queue: confirms a request with another
interpreter than the held one, then reads the request's history. French and
Dutch, axe-core on every page. The queue's screenshot for docs/ is taken here:

    DEBUG=1 RELAIS_SCREENSHOT_QUEUE=docs/screenshot-queue.png \
        .venv/bin/pytest tests/browser/test_coordination.py
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from relais.accounts.models import User
from relais.bookings.models import Assignment, Booking
from relais.bookings.services import submit_booking
from relais.interpreters.services import create_language
from relais.organisations import demo
from tests.bookings.helpers import draft, make_interpreter

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_confirms_another_interpreter(
    open_page, org_a, code_a, requester_a, coordinator, language
):
    arabic = create_language(code="ar")
    ilham = make_interpreter("ilham@example.org", arabic)
    youssef = make_interpreter("youssef@example.org", arabic)
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert booking.assignments.get().interpreter == ilham  # the engine's first choice
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    page = open_page(language)

    log_in(page, coordinator.email)
    page.click_and_wait(
        page.get_by_role("link", name=re.compile(re.escape(t(language, "Requests to check"))))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Requests to check"))
    entry = page.locator("article.queue-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(org_a.name)
    entry.get_by_label(re.compile(re.escape(youssef.user.get_full_name()))).check()
    page.click_and_wait(
        entry.get_by_role("button", name=re.compile("^" + re.escape(t(language, "Confirm"))))
    )

    expect(page.get_by_role("status")).to_contain_text(youssef.user.get_full_name())
    history = page.get_by_role("region", name=t(language, "History"))
    expect(history).to_contain_text(t(language, "Confirmed"))
    expect(history).to_contain_text(youssef.user.get_full_name())
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.assignments.get(released_at=None).interpreter == youssef
    assert booking.assignments.get(released_at=None).kind == Assignment.Kind.CONFIRMED


def test_the_queue_of_the_demo(open_page, tmp_path):
    call_command("load_demo", force=True, verbosity=0)
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    page = open_page("fr", width=1280, height=800)
    log_in(page, coordinator.email, demo.DEMO_PASSWORD)
    page.goto("/requests/queue/")
    expect(page.locator("article.queue-entry")).to_have_count(
        Booking.objects.filter(status=Booking.Status.RECEIVED).count()
    )
    page.mouse.move(0, 0)
    value = os.environ.get("RELAIS_SCREENSHOT_QUEUE")
    path = (ROOT / value) if value else tmp_path / "screenshot-queue.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
