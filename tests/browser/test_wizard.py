"""The request wizard ("Nouvelle demande") in a real browser, French and Dutch,
axe-core on every step.

The four types of service from "New request" to the request's page; each
answer of the analysis page when nobody is free as asked (the alternative
date, a nearer slot, the alternative language, video or phone instead of on
site, the waiting list); a coordinator confirming a request made here. Steps 2
to 5 are swapped in by htmx without loading a page: each is audited once its
title shows. The screenshots of the analysis and the summary for docs/:

    DEBUG=1 RELAIS_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_wizard.py -k screenshot
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from playwright.sync_api import expect

from relais.bookings.models import Assignment, Booking, BookingSeries
from relais.bookings.services import submit_booking
from relais.interpreters.models import Modality
from relais.interpreters.services import add_absence
from relais.lib.i18n import in_sentence
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter, saved_draft

from .helpers import LANGUAGES, log_in, nt, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
WEDNESDAY = "2030-06-05"
WHIT_MONDAY = "2030-06-10"  # closed: a series skips it


# --- what the pages say ---------------------------------------------------------


def next_label(language: str) -> str:
    """The wizard's "Next" (its own context: "Suivant", not a pager's)."""
    with translation.override(language):
        return translation.pgettext("wizard", "Next")


def step_title(language: str, number: int, title: str) -> str:
    return t(language, "Step %(number)s of 7: %(title)s", number=number, title=t(language, title))


def name_in(language: str, spoken) -> str:
    """A language of the catalogue as the page names it."""
    return getattr(spoken, f"name_{language}")


def mid_sentence(language: str, spoken) -> str:
    """Its name inside a sentence: "parle arabe", "spreekt Arabisch"."""
    with translation.override(language):
        return in_sentence(name_in(language, spoken))


def long_date(language: str, day: str) -> str:
    with translation.override(language):
        return date_format(date.fromisoformat(day), "l j F Y")


def when(language: str, day: str, start: str, end: str) -> str:
    """A slot as the analysis offers it: "Mardi 4 juin 2030, 08:00\N{EN DASH}09:00"."""
    return f"{long_date(language, day)}, {start}\N{EN DASH}{end}"


def field(page, language: str, label: str):
    """The form field labelled `label` (a required one's label ends with a hidden "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(t(language, label))}( \*)?$"))


def next_button(page, language: str):
    return page.get_by_role("button", name=next_label(language), exact=True)


# --- walking the wizard ------------------------------------------------------------


def speaks(user, language: str):
    """Pages, messages and emails in `language` for this person."""
    user.language = language
    user.save(update_fields=["language"])
    return user


def new_request(open_page, requester, language: str, type_label: str):
    """Log in, open "New request", pick the type: the draft exists, step 2 shows."""
    page = open_page(language)
    log_in(page, requester.email)
    page.click_and_wait(page.get_by_role("link", name=t(language, "New request")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "New request"))
    page.get_by_label(t(language, type_label), exact=True).check()
    page.submit(next_label(language))
    expect(page.locator("#step-title")).to_have_text(
        step_title(language, 2, "Billing code and contact")
    )
    return page, Booking.objects.get(created_by=requester, status=Booking.Status.DRAFT)


def next_step(page, language: str, booking: Booking, key: str, number: int, title: str):
    """ "Next" on steps 2-4: htmx swaps the following step in, no page loads."""
    document = page.evaluate("String(performance.timeOrigin)")
    next_button(page, language).click()
    title_element = page.locator("#step-title")
    expect(title_element).to_have_text(step_title(language, number, title))
    expect(title_element).to_be_focused()  # as a page load would, for a screen reader
    expect(page.page).to_have_url(re.compile(rf"/requests/new/{booking.pk}/{key}/$"))
    assert page.evaluate("String(performance.timeOrigin)") == document, "a page was loaded"
    audit_again(page)


def audit_again(page):
    """axe-core on what changed in the document (a step swapped in, fields shown)."""
    page.check_axe(again=True)


def who_step(page, language: str, booking: Booking, code, reference: str):
    # The institution's only billing code and the requester are proposed.
    expect(field(page, language, "Billing code").locator("option:checked")).to_have_text(
        f"{code.code} — {code.label}"
    )
    expect(field(page, language, "Contact person").locator("option:checked")).to_contain_text(
        booking.created_by.email
    )
    field(page, language, "Internal reference").fill(reference)
    next_step(page, language, booking, "language", 3, "Language")


def language_step(page, language: str, booking: Booking, spoken, alternative=None):
    field(page, language, "Language").select_option(label=name_in(language, spoken))
    if alternative is not None:
        field(page, language, "Alternative language").select_option(
            label=name_in(language, alternative)
        )
    next_step(page, language, booking, "when", 4, "Date and time")


def when_step(
    page,
    language: str,
    booking: Booking,
    details: str,
    *,
    day=MONDAY,
    start="10:00",
    duration=None,
    alt_day=None,
    alt_time=None,
    repeat=None,
    until=None,
):
    field(page, language, "Date").fill(day)
    field(page, language, "Start time").fill(start)
    if duration is not None:
        field(page, language, "Duration").select_option(label=duration)
    if alt_day is not None:
        field(page, language, "Alternative date").fill(alt_day)
        field(page, language, "Alternative start time").fill(alt_time)
    if repeat is not None:
        field(page, language, "Repeat").select_option(label=t(language, repeat))
        field(page, language, "Until").fill(until)
    next_step(page, language, booking, "details", 5, details)


def on_site_contact(page, language: str, name="Accueil, Mme Dupont", phone="02 555 01 01"):
    field(page, language, "Person who receives the interpreter").fill(name)
    field(page, language, "Their phone number").fill(phone)


def to_analysis(page, language: str, booking: Booking):
    """ "Next" on the last step: the analysis is a page of its own (htmx loads it whole)."""
    page.click_and_wait(next_button(page, language))
    expect(page.page).to_have_url(re.compile(rf"/requests/new/{booking.pk}/analysis/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Step 6 of 7: availability of the interpreters")
    )


def to_summary(page, language: str):
    """Somebody is free: "Next" leads to the summary."""
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "An interpreter is available for your request.")
    )
    page.click_and_wait(page.get_by_role("link", name=next_label(language), exact=True))
    expect_summary(page, language)


def expect_summary(page, language: str):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Step 7 of 7: check and confirm your request")
    )


def confirm(page, language: str, booking: Booking, type_label: str, spoken, *, status: str):
    """ "Confirm the request": the request's page, with its status and the acknowledgement."""
    booking.refresh_from_db()
    page.submit(t(language, "Confirm the request"))
    expect(page.page).to_have_url(re.compile(rf"/requests/{booking.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(
            language,
            "%(type)s — %(language)s",
            type=t(language, type_label),
            language=name_in(language, spoken),
        )
    )
    expect(page.locator("h1 + .badge")).to_have_text(t(language, status))
    if status == "On the waiting list":
        message = (
            "Your request is on the waiting list. We sent an acknowledgement to "
            "%(email)s and will tell you when an interpreter becomes free."
        )
    else:
        message = (
            "Your request is sent. We sent an acknowledgement to %(email)s; the "
            "operations team checks it and confirms it soon."
        )
    expect(page.get_by_role("status")).to_have_text(
        t(language, message, email=booking.contact.email)
    )
    booking.refresh_from_db()


def held_by(booking: Booking):
    """The interpreter the request holds until a coordinator confirms it."""
    assignment = booking.assignments.get(released_at=None)
    assert assignment.kind == Assignment.Kind.HOLD
    return assignment.interpreter


def acknowledged(sent_emails, requester, language: str, spoken):
    """One acknowledgement, to the requester, in their language."""
    (email,) = sent_emails()
    assert email.to == [requester.email]
    assert name_in(language, spoken) in email.subject
    return email


# --- the four types of service ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_on_site_visit_at_a_new_place(
    open_page, org_a, code_a, requester_a, arabic, sent_emails, language
):
    ilham = make_interpreter("ilham@example.org", arabic)
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "On-site visit")
    who_step(page, language, booking, code_a, "SG/2030/117")
    language_step(page, language, booking, arabic)
    when_step(page, language, booking, "Place of service", duration="1 h 30")

    # Another place: its fields show once chosen, and it joins the institution's places.
    new_place = page.get_by_role("group", name=t(language, "The new place"))
    expect(new_place).to_be_hidden()
    page.get_by_label(t(language, "Another place, not registered yet")).check()
    expect(new_place).to_be_visible()
    audit_again(page)
    new_place.get_by_label(capfirst(t(language, "name"))).fill("Maison de quartier Victoire")
    new_place.get_by_label(capfirst(t(language, "street and number"))).fill("Rue de la Victoire 96")
    new_place.get_by_label(capfirst(t(language, "postcode"))).fill("1060")
    on_site_contact(page, language)
    field(page, language, "Note for the interpreter").fill("Ask at the front desk.")
    to_analysis(page, language, booking)
    to_summary(page, language)
    summary = page.get_by_role("main")
    expect(summary).to_contain_text("Maison de quartier Victoire")
    expect(summary).to_contain_text("SG/2030/117")
    expect(summary).to_contain_text(when(language, MONDAY, "10:00", "11:30"))
    confirm(page, language, booking, "On-site", arabic, status="Received")

    assert booking.status == Booking.Status.RECEIVED
    assert (booking.modality, booking.language, booking.start, booking.duration_minutes) == (
        Modality.ON_SITE,
        arabic,
        at(MONDAY, "10:00"),
        90,
    )
    assert (booking.place.name, booking.place.commune) == (
        "Maison de quartier Victoire",
        "Saint-Gilles",
    )
    assert booking.place.organisation == org_a
    assert booking.onsite_contact_name == "Accueil, Mme Dupont"
    assert (booking.internal_reference, booking.note_for_interpreter) == (
        "SG/2030/117",
        "Ask at the front desk.",
    )
    assert held_by(booking) == ilham
    acknowledged(sent_emails, requester_a, language, arabic)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_weekly_standing_shift(
    open_page, org_a, code_a, requester_a, arabic, sent_emails, language
):
    # Mondays 3-24 June 2030: Whit Monday is closed, the only interpreter is away on the 17th.
    ilham = make_interpreter("ilham@example.org", arabic)
    add_absence(profile=ilham, starts_on=date(2030, 6, 17), ends_on=date(2030, 6, 17))
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "Standing shift")
    who_step(page, language, booking, code_a, "")
    language_step(page, language, booking, arabic)
    expect(field(page, language, "Duration")).to_have_value("180")  # a shift: 3 hours
    when_step(
        page,
        language,
        booking,
        "Place of the shift",
        start="09:00",
        repeat="Every week, on the same day",
        until="2030-06-24",
    )
    # The official address is proposed.
    expect(
        page.get_by_label(re.compile("^" + re.escape(org_a.official_place.name)))
    ).to_be_checked()
    on_site_contact(page, language)
    field(page, language, "Expected number of people").fill("6")
    to_analysis(page, language, booking)

    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(4)  # the header and three Mondays
    for row, day, free in zip(
        rows.all()[1:],
        ["2030-06-03", "2030-06-17", "2030-06-24"],
        [True, False, True],
        strict=True,
    ):
        expect(row).to_contain_text(long_date(language, day))
        expect(row).to_contain_text("09:00\N{EN DASH}12:00")
        expect(row).to_contain_text(
            t(language, "Interpreter available" if free else "Nobody free: waiting list")
        )
    expect(page.get_by_text(t(language, "Skipped, the service is closed:"))).to_contain_text(
        long_date(language, WHIT_MONDAY)
    )
    page.click_and_wait(page.get_by_role("link", name=next_label(language), exact=True))
    expect_summary(page, language)
    expect(page.get_by_role("heading", level=2)).to_have_text(
        nt(language, "%(number)s occurrence", "%(number)s occurrences", 3, number=3)
    )
    confirm(page, language, booking, "Standing shift", arabic, status="Received")

    occurrences = list(BookingSeries.objects.get().bookings.order_by("start"))
    assert occurrences[0] == booking
    assert [(b.start, b.status) for b in occurrences] == [
        (at("2030-06-03", "09:00"), Booking.Status.RECEIVED),
        (at("2030-06-17", "09:00"), Booking.Status.WAITLISTED),
        (at("2030-06-24", "09:00"), Booking.Status.RECEIVED),
    ]
    assert {(b.modality, b.duration_minutes, b.expected_people) for b in occurrences} == {
        (Modality.PERMANENCE, 180, 6)
    }
    assert held_by(occurrences[0]) == held_by(occurrences[2]) == ilham
    email = acknowledged(sent_emails, requester_a, language, arabic)
    assert email.attachments[0][1].count("BEGIN:VEVENT") == 3


def test_a_video_conference(open_page, org_a, code_a, requester_a, arabic, sent_emails):
    language = "nl"
    ilham = make_interpreter("ilham@example.org", arabic)
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "Video conference")
    who_step(page, language, booking, code_a, "")
    language_step(page, language, booking, arabic)
    when_step(page, language, booking, "Video meeting", duration="0 h 45")
    field(page, language, "Meeting link").fill("https://meet.example.org/relais-117")
    to_analysis(page, language, booking)
    to_summary(page, language)
    expect(page.get_by_role("link", name="https://meet.example.org/relais-117")).to_be_visible()
    confirm(page, language, booking, "Video", arabic, status="Received")

    assert (booking.status, booking.modality, booking.place) == (
        Booking.Status.RECEIVED,
        Modality.VIDEO,
        None,
    )
    assert (booking.video_link, booking.duration_minutes) == (
        "https://meet.example.org/relais-117",
        45,
    )
    assert held_by(booking) == ilham
    acknowledged(sent_emails, requester_a, language, arabic)


def test_a_phone_booking(open_page, org_a, code_a, requester_a, arabic, sent_emails):
    language = "fr"
    ilham = make_interpreter("ilham@example.org", arabic)
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "Phone booking")
    who_step(page, language, booking, code_a, "")
    language_step(page, language, booking, arabic)
    when_step(page, language, booking, "Phone call", day="2030-06-04", start="14:15")
    field(page, language, "Number to call").fill("+32 470 12 34 56")
    page.get_by_label(t(language, "The institution calls the interpreter")).check()
    to_analysis(page, language, booking)
    to_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text("+32 470 12 34 56")
    confirm(page, language, booking, "Phone", arabic, status="Received")

    assert (booking.status, booking.modality, booking.start) == (
        Booking.Status.RECEIVED,
        Modality.PHONE,
        at("2030-06-04", "14:15"),
    )
    assert (booking.phone_number, booking.phone_who_calls) == ("+32 470 12 34 56", "institution")
    assert held_by(booking) == ilham
    acknowledged(sent_emails, requester_a, language, arabic)


# --- nobody free as asked: the alternatives -------------------------------------------


def resume_draft(open_page, requester, language: str, booking: Booking):
    """Back to a finished draft from "New request": it resumes on the analysis."""
    speaks(requester, language)
    page = open_page(language)
    log_in(page, requester.email)
    page.click_and_wait(page.get_by_role("link", name=t(language, "New request")))
    drafts = page.get_by_role("region", name=t(language, "Drafts to finish"))
    page.click_and_wait(
        drafts.get_by_role("link", name=re.compile(re.escape(name_in(language, booking.language))))
    )
    expect(page.page).to_have_url(re.compile(rf"/requests/new/{booking.pk}/analysis/$"))
    return page


def nobody_free(page, language: str, reason: str):
    alert = page.get_by_role("status")
    expect(alert).to_contain_text(t(language, "No interpreter is free as asked."))
    expect(alert).to_contain_text(reason)
    expect(
        page.get_by_role("group", name=t(language, "What would you like to do?"))
    ).to_be_visible()


def choose(page, language: str, label: str):
    page.get_by_label(label, exact=True).check()
    page.submit(t(language, "Continue"))


def test_the_alternative_date(open_page, org_a, code_a, requester_a, arabic, sent_emails):
    language = "fr"
    ilham = make_interpreter("ilham@example.org", arabic)
    add_absence(profile=ilham, starts_on=date(2030, 6, 3), ends_on=date(2030, 6, 3))
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "On-site visit")
    who_step(page, language, booking, code_a, "")
    language_step(page, language, booking, arabic)
    when_step(page, language, booking, "Place of service", alt_day=WEDNESDAY, alt_time="14:00")
    on_site_contact(page, language)
    to_analysis(page, language, booking)
    nobody_free(page, language, t(language, "%(count)d is absent that day", count=1))

    choose(
        page,
        language,
        t(
            language,
            "Your alternative date: %(when)s",
            when=when(language, WEDNESDAY, "14:00", "15:00"),
        ),
    )
    expect_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text(when(language, WEDNESDAY, "14:00", "15:00"))
    confirm(page, language, booking, "On-site", arabic, status="Received")
    assert (booking.status, booking.start, booking.alt_start) == (
        Booking.Status.RECEIVED,
        at(WEDNESDAY, "14:00"),
        None,
    )
    assert held_by(booking) == ilham


def test_a_nearer_free_slot(open_page, org_a, code_a, requester_a, manager_a, arabic):
    language = "nl"
    ilham = make_interpreter("ilham@example.org", arabic)
    # A colleague's request holds the only interpreter on Monday 10:00-11:00.
    submit_booking(booking=draft(org_a, code_a, manager_a, arabic), by=manager_a)
    booking = saved_draft(org_a, code_a, requester_a, arabic)
    page = resume_draft(open_page, requester_a, language, booking)
    nobody_free(
        page,
        language,
        t(
            language,
            "%(count)d interpreter speaks %(language)s; they are booked from %(span)s.",
            count=1,
            language=mid_sentence(language, arabic),
            span=t(language, "%(start)s to %(end)s", start="10:00", end="11:00"),
        ),
    )
    # The nearest: once the colleague's hour is over and the interpreter has come over.
    choose(page, language, when(language, MONDAY, "11:15", "12:15"))
    expect_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text(when(language, MONDAY, "11:15", "12:15"))
    confirm(page, language, booking, "On-site", arabic, status="Received")
    assert (booking.status, booking.start) == (Booking.Status.RECEIVED, at(MONDAY, "11:15"))
    assert held_by(booking) == ilham


def test_the_alternative_language(open_page, org_a, code_a, requester_a, arabic, tigrinya):
    language = "fr"
    tesfay = make_interpreter("tesfay@example.org", tigrinya)
    booking = saved_draft(org_a, code_a, requester_a, arabic, alt_language=tigrinya)
    page = resume_draft(open_page, requester_a, language, booking)
    nobody_free(
        page,
        language,
        t(
            language,
            "None of our interpreters speaks %(language)s.",
            language=mid_sentence(language, arabic),
        ),
    )
    choose(
        page,
        language,
        t(
            language,
            "In %(language)s, your alternative language, at the time asked",
            language=mid_sentence(language, tigrinya),
        ),
    )
    expect_summary(page, language)
    confirm(page, language, booking, "On-site", tigrinya, status="Received")
    assert (booking.status, booking.language, booking.alt_language) == (
        Booking.Status.RECEIVED,
        tigrinya,
        arabic,
    )
    assert held_by(booking) == tesfay


def remote_only(email, spoken):
    profile = make_interpreter(email, spoken)
    profile.accepts_on_site = False
    profile.save(update_fields=["accepts_on_site"])
    return profile


def test_video_instead_of_on_site(open_page, org_a, code_a, requester_a, arabic):
    language = "nl"
    remote = remote_only("remote@example.org", arabic)
    booking = saved_draft(org_a, code_a, requester_a, arabic)
    page = resume_draft(open_page, requester_a, language, booking)
    nobody_free(
        page,
        language,
        t(language, "%(count)d does not do this type of service", count=1),
    )
    choose(page, language, t(language, "By video conference instead of on site, at the time asked"))
    expect_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text(t(language, "sent later"))
    confirm(page, language, booking, "Video", arabic, status="Received")
    assert (booking.status, booking.modality, booking.start) == (
        Booking.Status.RECEIVED,
        Modality.VIDEO,
        at(MONDAY, "10:00"),
    )
    assert (booking.place, booking.onsite_contact_name, booking.video_link_later) == (
        None,
        "",
        True,
    )
    assert held_by(booking) == remote


def test_phone_instead_of_on_site_asks_for_the_number(
    open_page, org_a, code_a, requester_a, arabic
):
    language = "fr"
    remote = remote_only("remote@example.org", arabic)
    booking = saved_draft(org_a, code_a, requester_a, arabic)
    page = resume_draft(open_page, requester_a, language, booking)
    choose(page, language, t(language, "By phone instead of on site, at the time asked"))
    # The call's details are still to give: back to the last step, which says so.
    expect(page.locator("#step-title")).to_have_text(step_title(language, 5, "Phone call"))
    expect(page.get_by_role("status")).to_have_text(
        t(language, "Complete the details of the call, then continue.")
    )
    field(page, language, "Number to call").fill("02 555 01 01")
    page.get_by_label(t(language, "The interpreter calls")).check()
    to_analysis(page, language, booking)
    to_summary(page, language)
    confirm(page, language, booking, "Phone", arabic, status="Received")
    assert (booking.status, booking.modality, booking.place) == (
        Booking.Status.RECEIVED,
        Modality.PHONE,
        None,
    )
    assert (booking.phone_number, booking.phone_who_calls) == ("02 555 01 01", "interpreter")
    assert held_by(booking) == remote


def test_continue_without_an_interpreter(
    open_page, org_a, code_a, requester_a, arabic, sent_emails
):
    language = "nl"
    booking = saved_draft(org_a, code_a, requester_a, arabic)
    page = resume_draft(open_page, requester_a, language, booking)
    nobody_free(
        page,
        language,
        t(
            language,
            "None of our interpreters speaks %(language)s.",
            language=mid_sentence(language, arabic),
        ),
    )
    choose(
        page,
        language,
        t(language, "Continue without an interpreter: the request waits on the waiting list"),
    )
    expect_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text(
        t(
            language,
            "No interpreter is free for now: your request goes on the waiting list, "
            "and we tell you as soon as an interpreter becomes free.",
        )
    )
    confirm(page, language, booking, "On-site", arabic, status="On the waiting list")
    assert booking.status == Booking.Status.WAITLISTED
    assert not booking.assignments.exists()
    acknowledged(sent_emails, requester_a, language, arabic)


# --- the operations team --------------------------------------------------------------


@pytest.mark.parametrize(("language", "team_language"), [("fr", "nl"), ("nl", "fr")])
def test_a_coordinator_confirms_a_request_made_in_the_wizard(
    open_page,
    org_a,
    code_a,
    requester_a,
    coordinator,
    arabic,
    sent_emails,
    language,
    team_language,
):
    make_interpreter("ilham@example.org", arabic)
    make_interpreter("youssef@example.org", arabic)
    speaks(requester_a, language)
    page, booking = new_request(open_page, requester_a, language, "Video conference")
    who_step(page, language, booking, code_a, "")
    language_step(page, language, booking, arabic)
    when_step(page, language, booking, "Video meeting")
    page.get_by_label(t(language, "I will send the link later")).check()
    to_analysis(page, language, booking)
    to_summary(page, language)
    confirm(page, language, booking, "Video", arabic, status="Received")
    held = held_by(booking)
    sent_emails()  # the acknowledgement

    speaks(coordinator, team_language)
    team = open_page(team_language)
    log_in(team, coordinator.email)
    team.click_and_wait(
        team.get_by_role("link", name=re.compile(re.escape(t(team_language, "Requests to check"))))
    )
    entry = team.locator("article.queue-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(org_a.name)
    expect(entry).to_contain_text(name_in(team_language, arabic))
    # The interpreter the request holds is proposed: the coordinator keeps them.
    expect(entry.get_by_label(re.compile(re.escape(held.user.get_full_name())))).to_be_checked()
    team.click_and_wait(
        entry.get_by_role("button", name=re.compile("^" + re.escape(t(team_language, "Confirm"))))
    )
    expect(team.get_by_role("status")).to_contain_text(held.user.get_full_name())
    history = team.get_by_role("region", name=t(team_language, "History"))
    expect(history).to_contain_text(t(team_language, "Confirmed"))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assignment = booking.assignments.get(released_at=None)
    assert (assignment.interpreter, assignment.kind) == (held, Assignment.Kind.CONFIRMED)
    # The requester hears of it in their language, and sees it on the request's page.
    emails = {email.to[0]: email for email in sent_emails()}
    assert set(emails) == {requester_a.email, held.user.email}
    assert name_in(language, arabic) in emails[requester_a.email].subject
    page.reload()
    expect(page.locator("h1 + .badge")).to_have_text(t(language, "Confirmed"))
    expect(page.get_by_role("main")).to_contain_text(held.user.get_short_name())


# --- the screenshots for docs/ --------------------------------------------------------


def screenshot(page, name: str, tmp_path: Path) -> Path:
    folder = ROOT / "docs" if os.environ.get("RELAIS_SCREENSHOTS") == "1" else tmp_path
    path = folder / name
    page.mouse.move(0, 0)
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def test_screenshots_of_the_analysis_and_the_summary(
    open_page, org_a, code_a, requester_a, manager_a, arabic, tigrinya, tmp_path
):
    """Nobody speaking Tigrinya is free on Monday morning; an Arabic interpreter is."""
    language = "fr"
    for name in ("tesfay", "selam", "yonas"):
        make_interpreter(f"{name}@example.org", tigrinya)
    ilham = make_interpreter("ilham@example.org", arabic)
    for _ in range(3):  # a colleague's morning of consultations holds all three
        submit_booking(
            booking=draft(
                org_a, code_a, manager_a, tigrinya, start=at(MONDAY, "09:00"), duration_minutes=120
            ),
            by=manager_a,
        )
    booking = saved_draft(
        org_a,
        code_a,
        requester_a,
        tigrinya,
        alt_language=arabic,
        internal_reference="SG/2030/117",
        onsite_contact_name="Accueil, Mme Dupont",
        note_for_interpreter="Demandez Mme Dupont à l'accueil.",
    )
    page = resume_draft(open_page, requester_a, language, booking)
    nobody_free(
        page,
        language,
        nt(
            language,
            "%(count)d interpreter speaks %(language)s; they are booked from %(span)s.",
            "%(count)d interpreters speak %(language)s; all are booked from %(span)s.",
            3,
        )
        % {
            "count": 3,
            "language": mid_sentence(language, tigrinya),
            "span": t(language, "%(start)s to %(end)s", start="09:00", end="11:00"),
        },
    )
    alternative_language = t(
        language,
        "In %(language)s, your alternative language, at the time asked",
        language=mid_sentence(language, arabic),
    )
    expect(page.get_by_label(alternative_language, exact=True)).to_be_in_viewport()
    screenshot(page, "screenshot-analysis.png", tmp_path)

    choose(page, language, alternative_language)
    expect_summary(page, language)
    expect(page.get_by_role("main")).to_contain_text("SG/2030/117")
    screenshot(page, "screenshot-summary.png", tmp_path)
    booking.refresh_from_db()
    assert (booking.language, booking.alt_language) == (arabic, tigrinya)
    # Nothing is sent, nobody held, before "Confirm the request".
    assert booking.status == Booking.Status.DRAFT
    assert not ilham.assignments.exists()
