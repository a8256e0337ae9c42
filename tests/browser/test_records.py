"""Validation, in a real browser, French and Dutch, axe-core on every page.

An interpreter records a service from a phone (360 px): a draft first, then
submitted to the institution, or a service that did not take place and why.
The contact person follows the link of the email they receive, logs in and
validates in one click; another member of the institution contests a record,
and a coordinator settles the contest from the "Contests" tab, with both
versions side by side. A record nobody answers is validated by the periodic
sweep once its 48 hours are up, and the request's history says so.

The confirmed services are built with the services; the server's clock (the
live server's threads included) is moved with time-machine, since a service
must have started before it can be recorded.
"""

import re
from datetime import datetime

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timesince import timeuntil
from playwright.sync_api import expect

from relais.bookings.models import Booking, BookingEvent
from relais.bookings.services import confirm_booking, submit_booking
from relais.matching.engine import BRUSSELS
from relais.notifications.models import Notification
from relais.records.models import ServiceRecord
from relais.records.services import save_record, submit_record, validate_record
from relais.records.tasks import validate_due
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.conftest import PASSWORD

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# The service: Monday 3 June 2030, 10:00-11:00, recorded at noon. Without an
# answer, it counts as validated 48 hours later: Wednesday 5 June, 12:00.
RECORDED_AT = at(MONDAY, "12:00")
DUE = at("2030-06-05", "12:00")
Status = ServiceRecord.Status
Action = BookingEvent.Action


# --- what the pages say ---------------------------------------------------------


def speaks(user, language: str):
    """Pages, messages and emails in `language` for this person."""
    user.language = language
    user.save(update_fields=["language"])
    return user


def field(scope, language: str, label: str):
    """The form field labelled `label` (a required one's label ends with a hidden "*")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(t(language, label))}( \*)?$"))


def starts_with(language: str, message: str, **params) -> re.Pattern:
    return re.compile("^" + re.escape(t(language, message, **params)))


def formatted(language: str, instant: datetime, fmt: str) -> str:
    """A date as the pages and emails write it, in Brussels time."""
    with translation.override(language):
        return date_format(instant.astimezone(BRUSSELS), fmt)


def span(start: str, end: str) -> str:
    """From `start` to `end`, as the pages write it (with an en dash)."""
    return f"{start}\N{EN DASH}{end}"


def messages(page):
    return page.get_by_role("status")


def menu(page, language: str):
    return page.get_by_role("navigation", name=t(language, "Main menu"))


def status_badges(page):
    """The badges next to the request's title: its status."""
    return page.locator("h1 ~ .badge")


def history(page, language: str):
    return page.get_by_role("region", name=t(language, "History"))


def overflow(page) -> int:
    """How far the page scrolls sideways: 0 on a phone that fits."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# --- the starting state -------------------------------------------------------------


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def service(org_a, code_a, requester_a, arabic, coordinator, ilham):
    """Arabic on site, Monday 3 June 2030 at 10:00 for an hour, confirmed with Ilham;
    requester_a is its contact person."""
    booking = submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    return confirm_booking(booking=booking, by=coordinator, interpreter=ilham)


def submitted(service, ilham, *, ended: str = "11:05") -> ServiceRecord:
    """Ilham recorded the service, 10:00 to `ended`, and submitted it at noon."""
    record = save_record(
        booking=service,
        by=ilham.user,
        values={
            "outcome": "performed",
            "arrived_at": at(MONDAY, "09:50"),
            "started_at": at(MONDAY, "10:00"),
            "ended_at": at(MONDAY, ended),
        },
        now=RECORDED_AT,
    )
    return submit_record(record=record, by=ilham.user, now=RECORDED_AT)


def record_link(page, language: str):
    """The "Record" button of the (only) service in the portal's "Services to record"."""
    section = page.get_by_role("region", name=t(language, "Services to record"))
    return section.get_by_role("link", name=starts_with(language, "Record"))


# --- the interpreter records from a phone ----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interpreter_records_a_service_on_a_phone(
    open_page, service, ilham, requester_a, time_machine, language
):
    speaks(ilham.user, language)
    speaks(requester_a, language)
    # Monday, noon: the service of 10:00 is over.
    time_machine.move_to(RECORDED_AT, tick=True)
    page = open_page(language, **PHONE)
    log_in(page, ilham.user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Actions and tasks"))
    page.goto("/interpreters/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "My availability"))
    to_record = page.get_by_role("region", name=t(language, "Services to record"))
    expect(to_record).to_contain_text(span("10:00", "11:00"))
    expect(to_record).to_contain_text(service.organisation.name)
    assert overflow(page) == 0

    # The form opens with the booked times; Ilham writes what happened and keeps a draft.
    page.click_and_wait(record_link(page, language))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Record the service"))
    expect(page.get_by_label(t(language, "Performed"), exact=True)).to_be_checked()
    expect(field(page, language, "Why not performed")).to_be_hidden()
    expect(field(page, language, "Start")).to_have_value("10:00")
    expect(field(page, language, "End")).to_have_value("11:00")
    assert overflow(page) == 0
    field(page, language, "Arrival on site").fill("09:50")
    field(page, language, "End").fill("11:05")
    page.submit(t(language, "Save as a draft"))

    expect(messages(page)).to_have_text(
        t(language, "Saved as a draft: submit it when it is complete.")
    )
    record = ServiceRecord.objects.get(booking=service)
    assert record.status == Status.DRAFT
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.CONFIRMED
    assert not Notification.objects.filter(user=requester_a, kind="record_to_validate").exists()

    # Back to it: the draft is kept; a comment, and it goes to the institution.
    page.click_and_wait(record_link(page, language))
    expect(field(page, language, "Arrival on site")).to_have_value("09:50")
    expect(field(page, language, "End")).to_have_value("11:05")
    field(page, language, "Comments").fill("Consultation prolongée")
    submit = page.get_by_role("button", name=t(language, "Submit to the institution"))
    box = submit.bounding_box()
    assert box["height"] >= 44 and box["width"] <= PHONE["width"]
    page.submit(t(language, "Submit to the institution"))

    expect(messages(page)).to_have_text(
        t(language, "Recorded and sent: the institution is asked to validate it.")
    )
    to_record = page.get_by_role("region", name=t(language, "Services to record"))
    expect(to_record).to_contain_text(t(language, "Nothing to record."))
    expect(to_record.get_by_role("listitem").last).to_contain_text(
        f"{service.organisation.name} — {t(language, 'To validate')}"
    )
    assert overflow(page) == 0
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED
    assert (record.arrived_at, record.started_at, record.ended_at) == (
        at(MONDAY, "09:50"),
        at(MONDAY, "10:00"),
        at(MONDAY, "11:05"),
    )
    assert record.comments == "Consultation prolongée"
    assert record.validation_due_at - record.submitted_at == settings.VALIDATION_DELAY
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.PERFORMED
    assert service.history.last().action == Action.RECORDED
    # The contact person is asked to validate it, in the portal and by email.
    asked = Notification.objects.get(user=requester_a, kind="record_to_validate")
    assert asked.url == "/records/validation/"


def test_a_service_that_did_not_take_place_is_recorded_with_its_reason(
    open_page, service, ilham, time_machine
):
    language = "nl"
    speaks(ilham.user, language)
    time_machine.move_to(RECORDED_AT, tick=True)
    page = open_page(language, **PHONE)
    log_in(page, ilham.user.email)
    page.click_and_wait(record_link(page, language))

    # "Not performed": the reason shows, the start and end go away.
    page.get_by_label(t(language, "Not performed"), exact=True).check()
    expect(field(page, language, "Why not performed")).to_be_visible()
    expect(field(page, language, "Start")).to_be_hidden()
    expect(field(page, language, "End")).to_be_hidden()
    assert overflow(page) == 0
    page.submit(t(language, "Submit to the institution"))

    # Without the reason: refused, with the error on the page.
    expect(page.locator("#error-summary")).to_contain_text(
        t(language, "Say why the service did not take place.")
    )
    expect(page.get_by_label(t(language, "Not performed"), exact=True)).to_be_checked()
    assert not ServiceRecord.objects.exists()
    assert overflow(page) == 0

    field(page, language, "Why not performed").select_option("beneficiary_absent")
    field(page, language, "Arrival on site").fill("09:45")
    page.submit(t(language, "Submit to the institution"))
    expect(messages(page)).to_have_text(
        t(language, "Recorded and sent: the institution is asked to validate it.")
    )
    record = ServiceRecord.objects.get(booking=service)
    assert (record.status, record.outcome, record.not_performed_reason) == (
        Status.SUBMITTED,
        ServiceRecord.Outcome.NOT_PERFORMED,
        ServiceRecord.Reason.BENEFICIARY_ABSENT,
    )
    assert (record.arrived_at, record.started_at, record.ended_at) == (
        at(MONDAY, "09:45"),
        None,
        None,
    )
    # The interpreter came: the booked hour is billable.
    assert record.billable_minutes == 60


# --- the contact person validates from the email ----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_person_validates_from_the_email_link(
    open_page, live_server, service, ilham, requester_a, sent_emails, time_machine, language
):
    speaks(requester_a, language)
    record = submitted(service, ilham)
    subject = t(
        language,
        "%(service_name)s: please validate the service of %(date)s",
        service_name=settings.SERVICE_NAME,
        date=formatted(language, service.start, "SHORT_DATE_FORMAT"),
    )
    (email,) = [m for m in sent_emails() if m.subject == subject]
    assert email.to == [requester_a.email]
    assert (
        t(
            language,
            "Without an answer, it counts as validated on %(deadline)s.",
            deadline=formatted(language, DUE, "l j F Y H:i"),
        )
        in email.body
    )
    link = re.search(r"https?://\S+/records/validation/", email.body).group()
    assert link == f"{live_server.url}/records/validation/"

    # Monday, 14:30: the link asks to log in first, then leads to the Validation tab.
    time_machine.move_to(at(MONDAY, "14:30"), tick=True)
    page = open_page(language)
    page.goto(link)
    expect(page.page).to_have_url(re.compile(r"/accounts/login/\?next=/records/validation/$"))
    page.locator("#id_username").fill(requester_a.email)
    page.locator("#id_password").fill(PASSWORD)
    page.submit(t(language, "Log in"))

    expect(page.page).to_have_url(re.compile(r"/records/validation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Validation"))
    article = page.get_by_role("article")
    expect(article).to_have_count(1)
    expect(article.get_by_role("heading")).to_have_text(
        re.compile("^" + re.escape(formatted(language, service.start, "l j F Y")) + " — ")
    )
    expect(article).to_contain_text(span("10:00", "11:00"))  # booked
    expect(article).to_contain_text(span("10:00", "11:05"))  # recorded
    expect(article).to_contain_text("09:50")
    expect(article).to_contain_text(service.billing_code.code)
    with translation.override(language):
        left = timeuntil(DUE, at(MONDAY, "14:31"))  # 1 day, 21 hours
    expect(article).to_contain_text(
        t(
            language,
            "%(left)s (validated automatically on %(deadline)s)",
            left=left,
            deadline=formatted(language, DUE, "l j F H:i"),
        )
    )

    page.click_and_wait(article.get_by_role("button", name=starts_with(language, "Validate")))
    expect(messages(page)).to_have_text(t(language, "Validated: the service goes to invoicing."))
    expect(page.get_by_role("article")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text(t(language, "Nothing to validate."))
    record.refresh_from_db()
    assert (record.status, record.validated_by) == (Status.VALIDATED, requester_a)
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.VALIDATED

    # The request's history: recorded, then validated by the contact person.
    page.goto(f"/requests/{service.pk}/")
    expect(status_badges(page)).to_have_text([t(language, "Validated")])
    entries = history(page, language).get_by_role("listitem")
    expect(entries).to_have_count(service.history.count())
    recorded, validated = entries.nth(entries.count() - 2), entries.last
    expect(recorded.locator(".fw-semibold")).to_have_text(t(language, "Service recorded"))
    expect(validated.locator(".fw-semibold")).to_have_text(t(language, "Validated"))
    expect(validated).to_contain_text(requester_a.get_full_name())
    assert [e.action for e in service.history][-2:] == [Action.RECORDED, Action.VALIDATED]


# --- another member contests; a coordinator settles ----------------------------------------


@pytest.mark.parametrize(
    ("language", "decision", "settled_end"),
    [
        # The institution's correction is accepted: the end it proposed.
        ("fr", "Accept the institution's correction", "10:45"),
        # The coordinator settles on other values.
        ("nl", "Other values", "10:50"),
    ],
)
def test_another_member_contests_and_a_coordinator_settles(
    open_page,
    service,
    ilham,
    requester_a,
    manager_a,
    coordinator,
    time_machine,
    language,
    decision,
    settled_end,
):
    for user in (requester_a, manager_a, coordinator, ilham.user):
        speaks(user, language)
    record = submitted(service, ilham)
    time_machine.move_to(at(MONDAY, "15:00"), tick=True)

    # The manager of the institution, not the contact person, contests from the tab.
    page = open_page(language)
    log_in(page, manager_a.email)
    page.click_and_wait(menu(page, language).get_by_role("link", name=t(language, "Validation")))
    article = page.get_by_role("article")
    expect(article).to_contain_text(span("10:00", "11:05"))
    page.click_and_wait(article.get_by_role("link", name=starts_with(language, "Contest")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Contest a record"))
    expect(page.get_by_role("main")).to_contain_text(span("10:00", "11:05"))
    field(page, language, "What is wrong?").fill("La consultation a fini à 10h45.")
    field(page, language, "Start you propose").fill("10:00")
    field(page, language, "End you propose").fill("10:45")
    page.submit(t(language, "Contest"))

    expect(messages(page)).to_have_text(
        t(language, "Contested: the operations team settles it and tells you both.")
    )
    expect(page.get_by_role("main")).to_contain_text(t(language, "Nothing to validate."))
    record.refresh_from_db()
    assert (record.status, record.contested_by) == (Status.CONTESTED, manager_a)
    assert (record.proposed_started_at, record.proposed_ended_at) == (
        at(MONDAY, "10:00"),
        at(MONDAY, "10:45"),
    )
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.PERFORMED
    assert Notification.objects.filter(user=ilham.user, kind="record_contested").exists()

    # The coordinator's "Contests" tab: both versions side by side.
    desk = open_page(language)
    log_in(desk, coordinator.email)
    desk.click_and_wait(menu(desk, language).get_by_role("link", name=t(language, "Contests")))
    expect(desk.get_by_role("heading", level=1)).to_have_text(t(language, "Contests"))
    contest = desk.get_by_role("article")
    expect(contest).to_have_count(1)
    expect(contest.get_by_role("heading")).to_contain_text(service.organisation.name)
    table = contest.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(
        [
            "",
            t(language, "Recorded by %(name)s", name=ilham.user.get_full_name()),
            t(language, "Proposed by %(name)s", name=manager_a.get_full_name()),
        ]
    )
    rows = table.locator("tbody tr")
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text(t(language, "Start"))
    expect(rows.nth(0).get_by_role("cell")).to_have_text(["10:00", "10:00"])
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text(t(language, "End"))
    expect(rows.nth(1).get_by_role("cell")).to_have_text(["11:05", "10:45"])
    expect(contest).to_contain_text("La consultation a fini à 10h45.")

    contest.get_by_label(t(language, decision), exact=True).check()
    if decision == "Other values":
        field(contest, language, "Start").fill("10:00")
        field(contest, language, "End").fill(settled_end)
    field(contest, language, "Comment to both parties").fill("Vu avec les deux parties.")
    desk.submit(t(language, "Settle and validate"))

    expect(messages(desk)).to_have_text(
        t(language, "Settled and validated; both parties are told.")
    )
    expect(desk.get_by_role("article")).to_have_count(0)
    expect(desk.get_by_role("main")).to_contain_text(t(language, "No contested record."))
    record.refresh_from_db()
    assert (record.status, record.validated_by) == (Status.VALIDATED, coordinator)
    assert (record.started_at, record.ended_at) == (at(MONDAY, "10:00"), at(MONDAY, settled_end))
    assert record.resolution_comment == "Vu avec les deux parties."
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.VALIDATED
    assert [e.action for e in service.history][-4:] == [
        Action.RECORDED,
        Action.CONTESTED,
        Action.RESOLVED,
        Action.VALIDATED,
    ]
    for user in (requester_a, ilham.user):
        assert Notification.objects.filter(user=user, kind="contest_resolved").exists()

    # The contact person's view of the request: the contest and how it was settled,
    # by "the operations team".
    page.goto(f"/requests/{service.pk}/")
    expect(status_badges(page)).to_have_text([t(language, "Validated")])
    entries = history(page, language).get_by_role("listitem")
    expect(entries).to_have_count(service.history.count())
    count = entries.count()
    contested, resolved, validated = (entries.nth(count - n) for n in (3, 2, 1))
    expect(contested.locator(".fw-semibold")).to_have_text(t(language, "Contested"))
    expect(contested).to_contain_text(manager_a.get_full_name())
    expect(contested).to_contain_text("La consultation a fini à 10h45.")
    expect(resolved.locator(".fw-semibold")).to_have_text(t(language, "Contest resolved"))
    expect(resolved).to_contain_text(t(language, "the operations team"))
    expect(resolved).to_contain_text("Vu avec les deux parties.")
    expect(validated.locator(".fw-semibold")).to_have_text(t(language, "Validated"))
    expect(validated).to_contain_text(t(language, "the operations team"))
    expect(history(page, language)).not_to_contain_text(coordinator.get_full_name())


# --- nobody answers: validated automatically after 48 hours ----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_automatic_validation_after_48_hours_shows_in_the_history(
    open_page, service, ilham, requester_a, time_machine, language
):
    speaks(requester_a, language)
    record = submitted(service, ilham)

    # The periodic sweep leaves it alone until the delay is up…
    time_machine.move_to(at("2030-06-05", "11:59"), tick=True)
    assert validate_due() == 0
    assert ServiceRecord.objects.get(pk=record.pk).status == Status.SUBMITTED
    # …then validates it, exactly once.
    time_machine.move_to(at("2030-06-05", "12:05"), tick=True)
    assert validate_due() == 1
    assert validate_due() == 0
    record.refresh_from_db()
    assert (record.status, record.validated_by) == (Status.VALIDATED, None)
    assert record.validated_at >= DUE
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.VALIDATED

    page = open_page(language)
    log_in(page, requester_a.email)
    page.click_and_wait(menu(page, language).get_by_role("link", name=t(language, "Validation")))
    expect(page.get_by_role("article")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text(t(language, "Nothing to validate."))

    page.goto(f"/requests/{service.pk}/")
    expect(status_badges(page)).to_have_text([t(language, "Validated")])
    validated = history(page, language).get_by_role("listitem").last
    expect(validated.locator(".fw-semibold")).to_have_text(t(language, "Validated"))
    expect(validated).to_contain_text(t(language, "the system"))
    expect(validated).to_contain_text(
        t(language, "Validated automatically: no answer within the delay.")
    )
    expect(validated.locator("time")).to_have_text(
        formatted(language, record.validated_at, "SHORT_DATETIME_FORMAT")
    )
    event = service.history.last()
    assert (event.action, event.actor) == (Action.VALIDATED, None)


# --- the coordinators: to invoice, and correcting a validated record -------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_corrects_a_record_to_invoice(
    open_page, service, ilham, requester_a, coordinator, language
):
    validate_record(record=submitted(service, ilham), by=requester_a, now=RECORDED_AT)
    speaks(coordinator, language)
    page = open_page(language)
    log_in(page, coordinator.email)
    page.click_and_wait(menu(page, language).get_by_role("link", name=t(language, "Invoices")))
    page.click_and_wait(page.get_by_role("link", name=t(language, "To invoice"), exact=True))
    services = page.get_by_role("region", name=t(language, "Validated services"))
    row = services.get_by_role("row").filter(has_text="CPAS-SG-01")
    expect(row).to_contain_text("75")  # minutes, from the arrival at 09:50 to 11:05
    page.click_and_wait(row.get_by_role("link", name=starts_with(language, "Correct")))
    field(page, language, "End").fill("10:55")
    page.submit(t(language, "Save the correction"))  # without a reason: refused
    expect(page.locator("#error-summary")).to_contain_text(
        t(language, "Say why the record is corrected.")
    )
    field(page, language, "Why is the record corrected?").fill("Fin vérifiée")
    page.submit(t(language, "Save the correction"))
    expect(messages(page)).to_contain_text(t(language, "The record is corrected."))
    expect(page.get_by_role("region", name=t(language, "Validated services"))).to_contain_text("65")
    record = ServiceRecord.objects.get()
    assert record.ended_at == at(MONDAY, "10:55")
    assert service.events.filter(action=Action.RECORD_CORRECTED, reason="Fin vérifiée").exists()
