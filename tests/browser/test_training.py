"""Training sessions in a real browser, French and Dutch, axe-core on every page.

A member finds the sessions to come, registers for one (the confirmation comes
by email with its calendar event), then cancels; they also ask for a session
at their premises, a mistake first. A coordinator plans a session (the form
shown with its errors first), sees who registered for it, changes it and
cancels it. An interpreter is told the sessions are for the institutions.

The clock (the live server's threads included) is moved with time-machine to
Monday 20 May 2030, two weeks before the sessions.
"""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from relais.matching.engine import BRUSSELS
from relais.notifications.models import OutboxEmail
from relais.training.models import TrainingRegistration, TrainingRequest, TrainingSession
from relais.training.services import register, request_session
from tests.bookings.helpers import at
from tests.training.helpers import ADDRESS, START, plan

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = at("2030-05-20", "10:00")
SHOTS = "/tmp/relais-training-{name}-{language}.png"


def speaks(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def day(language: str, instant, fmt: str = "j F Y") -> str:
    with translation.override(language):
        return date_format(instant.astimezone(BRUSSELS), fmt)


def button(scope, language: str, label: str):
    """A button whose name starts with `label` (the date follows, for screen readers)."""
    return scope.get_by_role("button", name=re.compile("^" + re.escape(t(language, label))))


def field(scope, language: str, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(t(language, label))}( \*)?$"))


def messages(page):
    return page.get_by_role("status")


def session_card(page, language: str, instant):
    heading = day(language, instant, "l j F Y")
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=heading))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_registers_then_cancels(
    open_page, coordinator, requester_a, org_a, time_machine, language
):
    time_machine.move_to(TODAY, tick=True)
    session = plan(coordinator, now=TODAY)
    speaks(requester_a, language)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto("/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Training sessions"))
    card = session_card(page, language, START)
    expect(card).to_contain_text("14:00\N{EN DASH}16:00")
    expect(card).to_contain_text(ADDRESS)
    expect(card).to_contain_text(t(language, "French"))
    expect(card).to_contain_text(t(language, "%(left)s of %(seats)s") % {"left": 2, "seats": 2})
    page.screenshot(path=SHOTS.format(name="member", language=language), full_page=True)

    page.click_and_wait(button(card, language, "Register"))
    expect(messages(page)).to_have_text(
        t(language, "You are registered. The confirmation, with the calendar event, is on its way.")
    )
    card = session_card(page, language, START)
    expect(card).to_contain_text(t(language, "You are registered"))
    expect(card).to_contain_text(t(language, "%(left)s of %(seats)s") % {"left": 1, "seats": 2})
    registration = TrainingRegistration.objects.get(user=requester_a, session=session)
    email = OutboxEmail.objects.get(template="training_registered")
    assert email.language == language
    assert email.attachments[0]["mimetype"] == "text/calendar"
    page.screenshot(path=SHOTS.format(name="registered", language=language), full_page=True)

    page.click_and_wait(button(card, language, "Cancel my registration"))
    expect(messages(page)).to_have_text(
        t(language, "Your registration is cancelled: your seat is free again.")
    )
    expect(button(session_card(page, language, START), language, "Register")).to_be_visible()
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert OutboxEmail.objects.filter(template="training_registration_cancelled").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_asks_for_a_session_at_their_premises(
    open_page, requester_a, org_a, time_machine, language
):
    time_machine.move_to(TODAY, tick=True)
    speaks(requester_a, language)
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto("/training/")
    expect(
        page.get_by_text(
            t(
                language,
                "No session is planned at the moment. You can ask for one at your premises below.",
            )
        )
    ).to_be_visible()
    form = page.get_by_role("region", name=t(language, "Request a session at your premises"))
    page.click_and_wait(form.get_by_role("button", name=t(language, "Send the request")))
    expect(page.locator("#error-summary")).to_be_visible()
    assert not TrainingRequest.objects.exists()

    form = page.get_by_role("region", name=t(language, "Request a session at your premises"))
    field(form, language, "Preferred period").fill("Un mardi matin en mars")
    field(form, language, "Number of people").fill("8")
    page.click_and_wait(form.get_by_role("button", name=t(language, "Send the request")))
    expect(messages(page)).to_have_text(
        t(language, "Your request is sent: the operations team will contact you.")
    )
    assert TrainingRequest.objects.get().organisation == org_a
    assert OutboxEmail.objects.filter(template="training_request_team").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_plans_a_session_and_sees_the_registration(
    open_page, coordinator, requester_b, org_b, time_machine, language
):
    time_machine.move_to(TODAY, tick=True)
    request_session(
        by=requester_b,
        organisation=org_b,
        values={"preferred_period": "Een dinsdagochtend in maart", "people": 9},
    )
    speaks(coordinator, language)
    page = open_page(language)
    log_in(page, coordinator.email)
    page.goto("/training/")
    expect(page.get_by_text(t(language, "No session is planned."))).to_be_visible()
    requests = page.get_by_role(
        "region", name=t(language, "Requests for a session at an institution's premises")
    )
    expect(requests.get_by_role("row").nth(1)).to_contain_text("Een dinsdagochtend in maart")
    expect(requests.get_by_role("row").nth(1)).to_contain_text(org_b.name)
    page.click_and_wait(page.get_by_role("link", name=t(language, "Plan a session")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Plan a training session")
    )

    # Nothing filled in: every mistake at once, axe-core on the page with its errors.
    field(page, language, "Seats").fill("0")
    page.submit(t(language, "Plan the session"))
    expect(page.locator("#error-summary")).to_be_visible()
    page.screenshot(path=SHOTS.format(name="form-errors", language=language), full_page=True)
    assert not TrainingSession.objects.exists()

    field(page, language, "Date").fill("2030-06-03")
    field(page, language, "Start time").fill("14:00")
    page.get_by_label(t(language, "Dutch"), exact=True).check()
    field(page, language, "Address").fill(ADDRESS)
    field(page, language, "Seats").fill("12")
    field(page, language, "Short description").fill("Kennismaking met het platform")
    page.submit(t(language, "Plan the session"))
    expect(messages(page)).to_have_text(
        t(language, "The session is planned: members can register.")
    )
    session = TrainingSession.objects.get()
    assert (session.start, session.language, session.seats) == (START, "nl", 12)

    register(session=session, user=requester_b, organisation=org_b)
    page.reload()
    card = session_card(page, language, START)
    registrations = card.get_by_role("table")
    expect(registrations).to_contain_text(requester_b.get_full_name())
    expect(registrations).to_contain_text(requester_b.email)
    expect(registrations).to_contain_text(org_b.name)
    page.screenshot(path=SHOTS.format(name="coordinator", language=language), full_page=True)

    # Change it: the registrant receives the new time.
    page.click_and_wait(card.get_by_role("link", name=re.compile("^" + t(language, "Change"))))
    expect(field(page, language, "Seats")).to_have_value("12")
    field(page, language, "Start time").fill("09:30")
    page.submit(t(language, "Save the changes"))
    expect(messages(page)).to_have_text(t(language, "The session is changed."))
    assert OutboxEmail.objects.get(template="training_session_changed").to == requester_b.email

    # Cancel it: the registrant is told.
    moved = at("2030-06-03", "09:30")
    card = session_card(page, language, moved)
    page.click_and_wait(
        card.get_by_role("link", name=re.compile("^" + t(language, "Cancel the session")))
    )
    page.screenshot(path=SHOTS.format(name="cancel", language=language), full_page=True)
    field(page, language, "Reason, for the people registered").fill("Salle indisponible")
    page.submit(t(language, "Cancel the session"))
    expect(messages(page)).to_have_text(
        t(language, "The session is cancelled; the people registered are told.")
    )
    expect(session_card(page, language, moved)).to_contain_text(t(language, "Cancelled"))
    email = OutboxEmail.objects.get(template="training_session_cancelled")
    assert email.to == requester_b.email and "Salle indisponible" in email.body_text

    # The request for a session at the hospital's premises is handled.
    requests = page.get_by_role(
        "region", name=t(language, "Requests for a session at an institution's premises")
    )
    page.click_and_wait(button(requests, language, "Mark as handled"))
    expect(messages(page)).to_have_text(t(language, "The request is marked as handled."))
    expect(page.get_by_text(t(language, "No request waiting."))).to_be_visible()
    assert TrainingRequest.objects.get().handled_by == coordinator


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interpreter_is_told_the_sessions_are_for_institutions(
    open_page, coordinator, interpreter, time_machine, language
):
    time_machine.move_to(TODAY, tick=True)
    plan(coordinator, now=TODAY)
    speaks(interpreter, language)
    page = open_page(language)
    log_in(page, interpreter.email)
    page.goto("/training/")
    expect(page.get_by_role("main")).to_contain_text(
        t(language, "The training sessions are for the members of partner institutions.")
    )
    expect(page.get_by_role("main")).not_to_contain_text(ADDRESS)
