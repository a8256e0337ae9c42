"""Actions et tâches, the home page, in a real browser: each role's home in
French and Dutch with axe-core, on a desk and on a phone; from it, a member
opens a request of the day and validates a record, an interpreter records a
service, a coordinator opens a request that still has no interpreter.

The week of Monday 3 June 2030, seen on Tuesday at 4:30 in the morning: a
service of Monday morning was recorded at noon (validated automatically on
Wednesday at noon, 31 hours from now), one of Monday afternoon is not recorded
yet, one is confirmed for today at 10:00, others come later in the week.
"""

import re

import pytest
from playwright.sync_api import expect

from relais.bookings.models import Booking
from relais.bookings.services import confirm_booking, submit_booking
from relais.organisations.models import Membership
from relais.records.models import ServiceRecord
from relais.records.services import save_record, submit_record
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.stats.test_home import TUESDAY, WEDNESDAY, assign, booking

from .helpers import LANGUAGES, log_in, nt, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Booking.Status
NOW = at(TUESDAY, "04:30")
THURSDAY, FRIDAY = "2030-06-06", "2030-06-07"
PHONE = {"width": 360, "height": 740}


def speaks(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def region(page, language: str, name: str, **params):
    return page.get_by_role("region", name=re.compile("^" + re.escape(t(language, name, **params))))


def heading(page):
    return page.get_by_role("heading", level=1)


def overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def screenshots(page, name: str) -> None:
    """The page on a desk, then on a phone, for a person to look at."""
    page.screenshot(path=f"/tmp/home-{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert overflow(page) == 0
    page.screenshot(path=f"/tmp/home-{name}-phone.png", full_page=True)
    page.check_axe(again=True)


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def week(org_a, org_b, code_a, code_b, requester_a, requester_b, arabic, ilham, coordinator):
    """The week's requests, with Monday morning's recorded through the services."""
    recorded = confirm_booking(
        booking=submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a),
        by=coordinator,
        interpreter=ilham,
    )
    record = save_record(
        booking=recorded,
        by=ilham.user,
        values={"outcome": "performed", "started_at": recorded.start, "ended_at": recorded.end},
        now=at(MONDAY, "12:00"),
    )
    submit_record(record=record, by=ilham.user, now=at(MONDAY, "12:00"))

    def confirmed(day, wall_time, **fields):
        made = booking(
            org_a, code_a, requester_a, arabic, day, wall_time, Status.CONFIRMED, **fields
        )
        assign(made, ilham)
        return made

    return {
        "record": record,
        "not_recorded": confirmed(MONDAY, "14:00"),
        "today": confirmed(TUESDAY, "10:00"),
        "friday": confirmed(FRIDAY, "09:00"),
        "received": booking(org_a, code_a, requester_a, arabic, THURSDAY, "14:00", Status.RECEIVED),
        "cancelled": booking(
            org_a,
            code_a,
            requester_a,
            arabic,
            WEDNESDAY,
            "09:00",
            Status.CANCELLED,
            late_cancellation=True,
        ),
        "waitlisted": booking(
            org_a, code_a, requester_a, arabic, FRIDAY, "15:00", Status.WAITLISTED
        ),
        "elsewhere": booking(
            org_b, code_b, requester_b, arabic, WEDNESDAY, "10:00", Status.WAITLISTED
        ),
        "draft": booking(org_a, code_a, requester_a, arabic, "2030-06-10", "10:00", Status.DRAFT),
    }


# --- an institution's member -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_opens_a_request_of_the_day_and_validates_a_record(
    open_page, week, org_b, requester_a, time_machine, language
):
    speaks(requester_a, language)
    time_machine.move_to(NOW, tick=True)
    page = open_page(language)
    log_in(page, requester_a.email)

    expect(heading(page)).to_have_text(t(language, "Actions and tasks"))
    to_validate = region(page, language, "To validate")
    left = t(language, "%(hours)d h", hours=31)
    expect(to_validate).to_contain_text(
        t(language, "validated automatically in %(left)s", left=left)
    )
    today = region(page, language, "Today")
    expect(today.get_by_role("listitem")).to_have_count(1)
    expect(today).to_contain_text("10:00\N{EN DASH}11:00")
    expect(today).to_contain_text(t(language, "Confirmed"))
    expect(region(page, language, "Coming up").get_by_role("listitem")).to_have_count(3)
    cancelled = region(page, language, "Cancelled requests")
    expect(cancelled).to_contain_text(t(language, "Late: billable"))
    expect(region(page, language, "Waiting list").get_by_role("listitem")).to_have_count(1)
    expect(region(page, language, "Drafts to finish").get_by_role("link").first).to_have_attribute(
        "href", f"/requests/new/{week['draft'].pk}/"
    )
    # Never another institution's.
    expect(page.get_by_role("main")).not_to_contain_text(org_b.name)
    expect(page.get_by_role("link", name=t(language, "Request an interpreter"))).to_have_attribute(
        "href", "/requests/new/"
    )
    screenshots(page, f"member-{language}")

    # Today's request, from its line.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.click_and_wait(today.get_by_role("link"))
    expect(page.page).to_have_url(re.compile(rf"/requests/{week['today'].pk}/$"))
    expect(page.locator("h1 ~ .badge").first).to_have_text(t(language, "Confirmed"))

    # Back home, then to the record to validate: validated in one more click.
    menu = page.get_by_role("navigation", name=t(language, "Main menu"))
    page.click_and_wait(menu.get_by_role("link", name=t(language, "Actions and tasks")))
    page.click_and_wait(region(page, language, "To validate").get_by_role("link").first)
    expect(page.page).to_have_url(re.compile(rf"/records/validation/#record-{week['record'].pk}"))
    article = page.get_by_role("article")
    page.click_and_wait(article.get_by_role("button", name=re.compile(t(language, "Validate"))))
    expect(page.get_by_role("status")).to_have_text(
        t(language, "Validated: the service goes to invoicing.")
    )
    assert ServiceRecord.objects.get().status == ServiceRecord.Status.VALIDATED

    page.click_and_wait(menu.get_by_role("link", name=t(language, "Actions and tasks")))
    expect(region(page, language, "To validate")).to_contain_text(
        t(language, "Nothing to validate.")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_member_is_told_there_is_nothing_yet(open_page, manager_b, language):
    speaks(manager_b, language)
    page = open_page(language)
    log_in(page, manager_b.email)
    main = page.get_by_role("main")
    for empty in (
        "Nothing to validate.",
        "No request on the waiting list.",
        "No draft to finish.",
        "Nothing today.",
        "Nothing planned yet.",
        "No cancelled request.",
    ):
        expect(main).to_contain_text(t(language, empty))
    screenshots(page, f"member-empty-{language}")


# --- an interpreter ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interpreter_sees_the_day_and_records_a_service(
    open_page, week, ilham, time_machine, language
):
    speaks(ilham.user, language)
    time_machine.move_to(NOW, tick=True)
    page = open_page(language)
    log_in(page, ilham.user.email)

    expect(heading(page)).to_have_text(t(language, "Actions and tasks"))
    day = region(page, language, "My assignments today")
    expect(day).to_contain_text("10:00\N{EN DASH}11:00")
    expect(day).to_contain_text("02 555 01 01")  # who receives them, a tap away
    expect(region(page, language, "Next assignments").get_by_role("listitem")).to_have_count(1)
    to_record = region(page, language, "Services to record")
    expect(to_record.get_by_role("listitem")).to_have_count(1)
    # Only their own: no institution's lists, no other interpreter's.
    expect(page.get_by_role("main")).not_to_contain_text(t(language, "Drafts to finish"))
    screenshots(page, f"interpreter-{language}")

    page.click_and_wait(to_record.get_by_role("link", name=re.compile(t(language, "Record"))))
    expect(page.page).to_have_url(re.compile(rf"/records/{week['not_recorded'].pk}/$"))
    expect(heading(page)).to_have_text(t(language, "Record the service"))


# --- a coordinator -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_sees_the_queues_and_opens_an_urgent_request(
    open_page, week, org_b, coordinator, time_machine, language
):
    speaks(coordinator, language)
    time_machine.move_to(NOW, tick=True)
    page = open_page(language)
    log_in(page, coordinator.email)

    expect(heading(page)).to_have_text(t(language, "Actions and tasks"))
    tiles = page.locator(".home-tiles").get_by_role("link")
    expect(tiles).to_have_count(5)
    expect(tiles.nth(0)).to_have_text(re.compile(rf"^\s*1\s+{re.escape(t(language, 'To check'))}"))
    expect(tiles.nth(1)).to_have_text(
        re.compile(rf"^\s*2\s+{re.escape(t(language, 'On the waiting list'))}")
    )
    soon = nt(
        language,
        "Without an interpreter in the next %(days)s day",
        "Without an interpreter in the next %(days)s days",
        3,
        days=3,
    )
    urgent = page.get_by_role("region", name=soon)
    # Wednesday's request of the other institution and Thursday's, soonest first.
    expect(urgent.get_by_role("listitem")).to_have_count(2)
    expect(urgent.get_by_role("listitem").first).to_contain_text(org_b.name)
    expect(
        region(page, language, "Services not recorded yet").get_by_role("listitem")
    ).to_have_count(1)
    screenshots(page, f"coordinator-{language}")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.click_and_wait(urgent.get_by_role("link").first)
    expect(page.page).to_have_url(re.compile(rf"/requests/{week['elsewhere'].pk}/$"))


def test_a_person_who_is_both_sees_both_parts(open_page, week, org_a, ilham, time_machine):
    Membership.objects.create(user=ilham.user, organisation=org_a)
    time_machine.move_to(NOW, tick=True)
    page = open_page("fr")
    log_in(page, ilham.user.email)
    for part in ("Requests of my institutions", "My assignments"):
        expect(page.get_by_role("heading", level=2, name=t("fr", part))).to_be_visible()
    screenshots(page, "both-fr")
