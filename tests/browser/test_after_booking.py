"""After booking, in a real browser, French and Dutch, axe-core on every page.

An institution cancels a request in time (free of charge) or late (the page
warns before confirming, and the request is marked billable); it changes a
request that its interpreter keeps, and one its interpreter can no longer do
(the next one is held). An interpreter withdraws from their portal: nobody
else is free, the request waits, and when another interpreter opens their
Monday in their own portal the waiting list re-matches by itself; the
requester's bell counts one more and its notification leads to the request.
The bell's "Mark all as read" and email preferences; a coordinator releasing
an interpreter.

The starting state is built with the services; the server's clock is moved
with time-machine where the test needs "one working day before the service".
"""

import re
from datetime import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from playwright.sync_api import expect

from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import confirm_booking, submit_booking
from relais.matching.engine import BRUSSELS
from relais.notifications.models import EmailOptOut, Notification
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = "2030-06-04"
# The service is on Monday 3 June 2030 at 10:00: free to cancel until Friday 31 May, 10:00.
DEADLINE = at("2030-05-31", "10:00")
LATE = at("2030-05-31", "11:30")
Status = Booking.Status
Action = BookingEvent.Action


# --- what the pages say ---------------------------------------------------------


def speaks(user, language: str):
    """Pages, messages and notifications in `language` for this person."""
    user.language = language
    user.save(update_fields=["language"])
    return user


def pt(language: str, context: str, message: str) -> str:
    with translation.override(language):
        return translation.pgettext(context, message)


def field(page, language: str, label: str):
    """The form field labelled `label` (a required one's label ends with a hidden "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(t(language, label))}( \*)?$"))


def starts_with(language: str, message: str, **params) -> re.Pattern:
    return re.compile("^" + re.escape(t(language, message, **params)))


def formatted(language: str, instant: datetime, fmt: str) -> str:
    """A date as the pages write it, in Brussels time."""
    with translation.override(language):
        return date_format(instant.astimezone(BRUSSELS), fmt)


def status_badges(page):
    """The badges next to the request's title: its status, and "Late: billable"."""
    return page.locator("h1 ~ .badge")


def history(page, language: str):
    return page.get_by_role("region", name=t(language, "History"))


def messages(page):
    return page.get_by_role("status")


def bell(page, language: str):
    """The header's bell; its name says how many notifications are unread."""
    return page.get_by_role("navigation", name=t(language, "Main menu")).get_by_role(
        "link", name=starts_with(language, "Notifications")
    )


def expect_unread(page, language: str, count: int) -> None:
    name = t(language, "Notifications")
    if count:
        name = f"{name} {count} {t(language, 'unread')}"
    expect(bell(page, language)).to_have_accessible_name(name)


def start_line(language: str, before: datetime, after: datetime) -> str:
    """A change of the start as the history shows it, before → after."""
    return t(
        language,
        "%(field)s: %(before)s → %(after)s",
        field=capfirst(t(language, "start")),
        before=formatted(language, before, "l j F Y, H:i"),
        after=formatted(language, after, "l j F Y, H:i"),
    )


# --- the starting state -------------------------------------------------------------


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def youssef(arabic):
    return make_interpreter("youssef@example.org", arabic)


def confirmed_request(org, code, requester, arabic, coordinator, interpreter, **overrides):
    """A request submitted by `requester` and confirmed with `interpreter`."""
    booking = submit_booking(booking=draft(org, code, requester, arabic, **overrides), by=requester)
    return confirm_booking(booking=booking, by=coordinator, interpreter=interpreter)


def active(booking: Booking) -> Assignment | None:
    return booking.assignments.filter(released_at=None).select_related("interpreter").first()


# --- cancelling -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_timely_cancellation_is_free_and_frees_the_interpreter(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, language
):
    speaks(requester_a, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto(f"/requests/{booking.pk}/")
    expect(status_badges(page)).to_have_text([t(language, "Confirmed")])

    page.click_and_wait(page.get_by_role("link", name=t(language, "Cancel the request")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Cancel the request"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        t(
            language,
            "Free of charge: you cancel before %(deadline)s.",
            deadline=formatted(language, DEADLINE, "l j F Y H:i"),
        )
    )
    expect(main).not_to_contain_text(t(language, "This cancellation is late."))
    field(page, language, "Why do you cancel?").fill("Rendez-vous reporté")
    page.submit(t(language, "Cancel the request"))

    expect(page.page).to_have_url(re.compile(rf"/requests/{booking.pk}/$"))
    expect(messages(page)).to_have_text(t(language, "The request is cancelled, free of charge."))
    expect(status_badges(page)).to_have_text([t(language, "Cancelled")])
    expect(history(page, language)).to_contain_text("Rendez-vous reporté")
    expect(page.get_by_role("link", name=t(language, "Cancel the request"))).to_have_count(0)
    expect(page.get_by_role("link", name=t(language, "Change the request"))).to_have_count(0)
    booking.refresh_from_db()
    assert (booking.status, booking.late_cancellation) == (Status.CANCELLED, False)
    assert active(booking) is None
    assert booking.history.last().reason == "Rendez-vous reporté"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_late_cancellation_is_announced_then_billed(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, time_machine, language
):
    # Friday 31 May 2030, 11:30 in Brussels, on the server's clock: past the deadline.
    time_machine.move_to(LATE, tick=True)
    speaks(requester_a, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto(f"/requests/{booking.pk}/")

    page.click_and_wait(page.get_by_role("link", name=t(language, "Cancel the request")))
    warning = page.get_by_role("main").locator(".alert-warning")
    expect(warning).to_contain_text(t(language, "This cancellation is late."))
    expect(warning).to_contain_text(
        t(
            language,
            "It was free of charge until %(deadline)s; now the service is billed as its rules say.",
            deadline=formatted(language, DEADLINE, "l j F Y H:i"),
        )
    )
    # Nothing changed yet: the page only warns.
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED
    field(page, language, "Why do you cancel?").fill("La personne a déménagé")
    page.submit(t(language, "Cancel the request"))

    expect(messages(page)).to_have_text(
        t(language, "The request is cancelled. The cancellation came late: it is billed.")
    )
    expect(status_badges(page)).to_have_text(
        [t(language, "Cancelled"), t(language, "Late: billable")]
    )
    booking.refresh_from_db()
    assert (booking.status, booking.late_cancellation) == (Status.CANCELLED, True)
    assert active(booking) is None


# --- changing ----------------------------------------------------------------------------


def test_a_change_the_interpreter_still_fits_keeps_them(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, youssef
):
    language = "fr"
    speaks(requester_a, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto(f"/requests/{booking.pk}/")

    page.click_and_wait(page.get_by_role("link", name=t(language, "Change the request")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Change the request"))
    # Only the details of the request's type show.
    expect(page.get_by_role("group", name=t(language, "On site or standing shift"))).to_be_visible()
    expect(page.get_by_role("group", name=t(language, "Video conference"))).to_be_hidden()
    expect(page.get_by_role("group", name=t(language, "Phone booking"))).to_be_hidden()
    field(page, language, "Start time").fill("14:00")
    page.submit(t(language, "Save the changes"))

    expect(messages(page)).to_have_text(
        t(language, "The request is changed; the interpreter keeps it.")
    )
    expect(status_badges(page)).to_have_text([t(language, "Confirmed")])
    details = page.get_by_role("region", name=t(language, "Details"))
    expect(details).to_contain_text(ilham.user.get_short_name())
    expect(history(page, language)).to_contain_text(
        start_line(language, at(MONDAY, "10:00"), at(MONDAY, "14:00"))
    )
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert booking.start == at(MONDAY, "14:00")
    kept = active(booking)
    assert (kept.interpreter, kept.kind) == (ilham, Assignment.Kind.CONFIRMED)
    assert (kept.start, kept.end) == (at(MONDAY, "14:00"), at(MONDAY, "15:00"))


def test_a_change_the_interpreter_cannot_follow_holds_the_next_one(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, youssef
):
    language = "nl"
    speaks(requester_a, language)
    speaks(ilham.user, language)
    # Ilham already works on Tuesday at 10:00.
    confirmed_request(
        org_a, code_a, requester_a, arabic, coordinator, ilham, start=at(TUESDAY, "10:00")
    )
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto(f"/requests/{booking.pk}/")

    page.click_and_wait(page.get_by_role("link", name=t(language, "Change the request")))
    field(page, language, "Date").fill(TUESDAY)
    page.submit(t(language, "Save the changes"))

    expect(messages(page)).to_have_text(
        t(language, "The request is changed; the operations team confirms it again soon.")
    )
    expect(status_badges(page)).to_have_text([t(language, "Received")])
    # The institution never sees a held interpreter's name.
    details = page.get_by_role("region", name=t(language, "Details"))
    expect(details).not_to_contain_text(t(language, "Interpreter"))
    expect(history(page, language)).to_contain_text(
        start_line(language, at(MONDAY, "10:00"), at(TUESDAY, "10:00"))
    )
    booking.refresh_from_db()
    assert booking.status == Status.RECEIVED
    held = active(booking)
    assert (held.interpreter, held.kind) == (youssef, Assignment.Kind.HOLD)
    assert not booking.assignments.filter(interpreter=ilham, released_at=None).exists()
    released = Notification.objects.get(user=ilham.user, kind="assignment_released")
    assert released.url == "/interpreters/me/"


# --- withdrawal and the waiting list --------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_withdrawal_waits_then_re_matches_when_someone_opens_their_monday(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, language
):
    # The only other Arabic interpreter does not work on Mondays (yet).
    youssef = make_interpreter("youssef@example.org", arabic)
    youssef.windows.filter(weekday=0).delete()
    for user in (requester_a, ilham.user, youssef.user):
        speaks(user, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)

    # Ilham withdraws from her portal.
    interpreter_page = open_page(language)
    log_in(interpreter_page, ilham.user.email)
    expect(interpreter_page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Actions and tasks")
    )
    interpreter_page.goto("/interpreters/me/")
    expect(interpreter_page.get_by_role("heading", level=1)).to_have_text(
        t(language, "My availability")
    )
    assignments = interpreter_page.get_by_role("region", name=t(language, "My assignments"))
    expect(assignments).to_contain_text(org_a.name)
    withdraw = pt(language, "assignment", "Withdraw")
    interpreter_page.click_and_wait(
        assignments.get_by_role("link", name=re.compile("^" + re.escape(withdraw)))
    )
    expect(interpreter_page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Withdraw from an assignment")
    )
    field(interpreter_page, language, "Why do you withdraw?").fill("Malade")
    interpreter_page.submit(withdraw)
    expect(messages(interpreter_page)).to_have_text(
        t(language, "You have withdrawn; the operations team looks for someone else.")
    )
    assignments = interpreter_page.get_by_role("region", name=t(language, "My assignments"))
    expect(assignments).to_contain_text(t(language, "No upcoming assignment."))
    booking.refresh_from_db()
    assert booking.status == Status.WAITLISTED
    assert active(booking) is None

    # The requester: received, confirmed, and the interpreter changes.
    requester_page = open_page(language)
    log_in(requester_page, requester_a.email)
    expect_unread(requester_page, language, 3)

    # Youssef opens his Mondays: the waiting request gets him at once.
    own_page = open_page(language)
    log_in(own_page, youssef.user.email)
    own_page.goto("/interpreters/me/")  # from the home page, the availability tab
    form = own_page.get_by_role("form", name=t(language, "Add a window"))
    form.get_by_label(t(language, "Day")).select_option("0")
    form.get_by_label(t(language, "From")).fill("08:00")
    form.get_by_label(t(language, "Until")).fill("18:00")
    own_page.submit(t(language, "Add this window"))
    expect(messages(own_page)).to_contain_text(
        t(
            language,
            "Available on %(day)s from %(start)s to %(end)s: saved.",
            day=pt(language, "weekday", "Monday").lower(),
            start="08:00",
            end="18:00",
        )
    )
    booking.refresh_from_db()
    assert booking.status == Status.RECEIVED
    held = active(booking)
    assert (held.interpreter, held.kind) == (youssef, Assignment.Kind.HOLD)

    # The requester's bell counts one more; its notification leads to the request.
    requester_page.reload()
    expect_unread(requester_page, language, 4)
    requester_page.click_and_wait(bell(requester_page, language))
    expect(requester_page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Notifications")
    )
    with translation.override(language):
        day = date_format(at(MONDAY, "10:00").astimezone(BRUSSELS).date(), "SHORT_DATE_FORMAT")
    subject = t(
        language,
        "%(service_name)s: an interpreter is available for your request of %(date)s",
        service_name="Relais",
        date=day,
    )
    newest = requester_page.locator(".notification-list li").first
    expect(newest).to_contain_text(subject)
    expect(newest).to_contain_text(t(language, "new"))
    requester_page.click_and_wait(newest.get_by_role("link", name=subject))
    expect(requester_page.page).to_have_url(re.compile(rf"/requests/{booking.pk}/$"))
    expect(status_badges(requester_page)).to_have_text([t(language, "Received")])
    timeline = history(requester_page, language)
    expect(timeline).to_contain_text(t(language, "Interpreter withdrew"))
    expect(timeline).to_contain_text(t(language, "An interpreter became available"))
    expect_unread(requester_page, language, 3)
    available = Notification.objects.get(user=requester_a, kind="booking_available")
    assert available.read_at is not None
    assert available.url == f"/requests/{booking.pk}/"
    assert [e.action for e in booking.history][-3:] == [
        Action.WITHDRAWN,
        Action.WAITLISTED,
        Action.AVAILABLE,
    ]
    # The institution learns that the interpreter changed, never who nor why (the
    # withdrawal form says so): the operations team reads the reason.
    expect(timeline).not_to_contain_text(ilham.user.get_full_name())
    expect(timeline).not_to_contain_text(youssef.user.get_full_name())
    expect(timeline).not_to_contain_text("Malade")


def test_a_coordinator_releases_the_interpreter(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, youssef
):
    language = "nl"
    speaks(coordinator, language)
    speaks(ilham.user, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, coordinator.email)
    page.goto(f"/requests/{booking.pk}/")
    details = page.get_by_role("region", name=t(language, "Details"))
    expect(details).to_contain_text(ilham.user.get_full_name())

    page.click_and_wait(details.get_by_role("link", name=t(language, "Release the interpreter")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Release the interpreter")
    )
    expect(page.get_by_role("main")).to_contain_text(ilham.user.get_full_name())
    field(page, language, "Why do you withdraw?").fill("Conflit d'intérêts")
    page.submit(t(language, "Release the interpreter"))

    expect(page.page).to_have_url(re.compile(rf"/requests/{booking.pk}/$"))
    expect(messages(page)).to_have_text(
        t(language, "The interpreter is released; the request looks for another one.")
    )
    expect(status_badges(page)).to_have_text([t(language, "Received")])
    details = page.get_by_role("region", name=t(language, "Details"))
    expect(details).to_contain_text(
        f"{youssef.user.get_full_name()} ({t(language, 'Hold').lower()})"
    )
    timeline = history(page, language)
    expect(timeline).to_contain_text(t(language, "Interpreter withdrew"))
    expect(timeline).to_contain_text(t(language, "Interpreter held"))
    expect(timeline).to_contain_text("Conflit d'intérêts")
    booking.refresh_from_db()
    assert booking.status == Status.RECEIVED
    held = active(booking)
    assert (held.interpreter, held.kind) == (youssef, Assignment.Kind.HOLD)
    assert booking.assignments.get(interpreter=ilham).released_at is not None
    assert Notification.objects.filter(user=ilham.user, kind="assignment_released").exists()


# --- the bell ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bell_marks_everything_read_and_keeps_email_preferences(
    open_page, org_a, code_a, requester_a, coordinator, arabic, ilham, language
):
    speaks(requester_a, language)
    booking = confirmed_request(org_a, code_a, requester_a, arabic, coordinator, ilham)
    page = open_page(language)
    log_in(page, requester_a.email)
    expect_unread(page, language, 2)  # received, then confirmed

    page.click_and_wait(bell(page, language))
    entries = page.locator(".notification-list li")
    expect(entries).to_have_count(2)
    expect(entries.filter(has_text=t(language, "new"))).to_have_count(2)
    page.submit(t(language, "Mark all as read"))

    expect(messages(page)).to_have_text(t(language, "All notifications are marked as read."))
    expect_unread(page, language, 0)
    expect(entries).to_have_count(2)
    expect(page.locator(".notification-list .badge")).to_have_count(0)
    expect(page.get_by_role("button", name=t(language, "Mark all as read"))).to_have_count(0)
    assert not requester_a.notifications.filter(read_at=None).exists()
    assert {n.url for n in requester_a.notifications.all()} == {f"/requests/{booking.pk}/"}

    # Optional messages can stay in the portal only; the mandatory ones are listed.
    page.click_and_wait(page.get_by_role("link", name=t(language, "Email preferences")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Email preferences"))
    expect(page.get_by_role("main")).to_contain_text(t(language, "A request is confirmed"))
    available = page.get_by_label(
        t(language, "An interpreter is available for a waiting request"), exact=True
    )
    expect(available).to_be_checked()
    available.uncheck()
    page.submit(t(language, "Save"))
    expect(messages(page)).to_have_text(t(language, "Your email preferences are saved."))
    expect(
        page.get_by_label(
            t(language, "An interpreter is available for a waiting request"), exact=True
        )
    ).not_to_be_checked()
    assert list(EmailOptOut.objects.filter(user=requester_a).values_list("kind", flat=True)) == [
        "booking_available"
    ]
