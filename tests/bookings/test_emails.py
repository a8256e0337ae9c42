"""The emails of a request's transitions: in the recipient's language, queued in
the service's transaction, with the request's calendar event attached."""

import base64
from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from relais.bookings.services import (
    NoLongerAvailable,
    confirm_booking,
    decline_booking,
    submit_booking,
    waitlist_booking,
)
from relais.notifications.models import OutboxEmail
from tests.bookings.helpers import MONDAY, at, draft


def _event(email: OutboxEmail):
    (attachment,) = email.attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["mimetype"] == "text/calendar"
    calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    return event


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def received(org_a, code_a, requester_a, arabic, ilham, youssef):
    booking = draft(org_a, code_a, requester_a, arabic, internal_reference="DOSSIER-7")
    return submit_booking(booking=booking, by=requester_a)


def test_submit_acknowledges_the_request_to_the_contact(received, requester_a):
    email = OutboxEmail.objects.get(template="booking_received")
    assert email.to == requester_a.email
    assert email.language == "fr"
    assert (
        _in(
            "fr",
            "The operations team checks it and confirms it soon. "
            "The attached calendar event is tentative until then.",
        )
        in email.body_text
    )
    assert "DOSSIER-7" in email.body_text
    assert "CPAS-SG-01" in email.body_text
    assert "10:00\u201311:00" in email.body_text  # Brussels time
    assert "Boulevard" in email.body_text or "Rue Fernand Bernier 40" in email.body_text
    event = _event(email)
    assert str(event["UID"]) == f"booking-{received.pk}@relais"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event.decoded("DTSTART") == at(MONDAY, "10:00")
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    raw = base64.b64decode(email.attachments[0]["content"]).decode()
    assert "DTSTART:20300603T080000Z" in raw  # summer time: 10:00 in Brussels
    assert event.decoded("DTEND") == at(MONDAY, "11:00")
    assert "Rue Fernand Bernier 40" in str(event["LOCATION"])
    with translation.override("fr"):
        assert str(event["SUMMARY"]) == gettext("Interpreting — %(language)s") % {
            "language": received.language.name
        }


def test_the_acknowledgement_is_in_the_contacts_language(org_a, code_a, requester_a, arabic, ilham):
    requester_a.language = "nl"
    requester_a.save(update_fields=["language"])
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    email = OutboxEmail.objects.get(template="booking_received")
    assert email.language == "nl"
    assert '<html lang="nl">' in email.body_html
    assert _in("nl", "Type of service") in email.body_text
    with translation.override("nl"):
        summary = gettext("Interpreting — %(language)s") % {"language": arabic.name_nl}
    assert str(_event(email)["SUMMARY"]) == summary


def test_nothing_is_queued_when_nobody_is_free(org_a, code_a, requester_a, arabic):
    with pytest.raises(NoLongerAvailable):
        submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    assert not OutboxEmail.objects.exists()


def test_the_waiting_list_is_acknowledged(org_a, code_a, requester_a, arabic):
    waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    email = OutboxEmail.objects.get(template="booking_waitlisted")
    assert email.to == requester_a.email
    assert _in("fr", "We will tell you when an interpreter becomes free.") in email.body_text


def test_confirm_tells_the_contact_and_the_interpreter(received, coordinator, youssef):
    youssef.user.language = "nl"
    youssef.user.save(update_fields=["language"])
    received.note_for_interpreter = "Ask for the social worker at the desk."
    received.save(update_fields=["note_for_interpreter"])
    confirm_booking(booking=received, by=coordinator, interpreter=youssef)

    to_contact = OutboxEmail.objects.get(template="booking_confirmed")
    assert to_contact.to == received.contact.email
    assert youssef.user.get_short_name() in to_contact.body_text
    contact_event = _event(to_contact)
    assert str(contact_event["STATUS"]) == "CONFIRMED"
    first = _event(OutboxEmail.objects.get(template="booking_received"))
    assert contact_event["SEQUENCE"] > first["SEQUENCE"]
    assert str(contact_event["UID"]) == str(first["UID"])

    to_interpreter = OutboxEmail.objects.get(template="assignment_confirmed")
    assert (to_interpreter.to, to_interpreter.language) == (youssef.user.email, "nl")
    assert "Ask for the social worker at the desk." in to_interpreter.body_text
    assert received.organisation.name in to_interpreter.body_text
    assert "02 555 01 01" in to_interpreter.body_text  # the on-site contact's phone
    assert _in("nl", "On-site contact") in to_interpreter.body_text
    assert str(_event(to_interpreter)["STATUS"]) == "CONFIRMED"


def test_a_refused_confirmation_queues_nothing(
    received, coordinator, org_a, code_a, requester_a, arabic, youssef
):
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    before = OutboxEmail.objects.count()
    with pytest.raises(NoLongerAvailable):
        confirm_booking(booking=received, by=coordinator, interpreter=youssef)
    assert OutboxEmail.objects.count() == before


def test_decline_gives_the_reason(received, coordinator):
    decline_booking(booking=received, by=coordinator, reason="No interpreter on that day.")
    email = OutboxEmail.objects.get(template="booking_declined")
    assert email.to == received.contact.email
    assert "No interpreter on that day." in email.body_text
    assert str(_event(email)["STATUS"]) == "CANCELLED"


def test_a_video_request_has_its_link_and_no_location(org_a, code_a, requester_a, arabic, ilham):
    booking = draft(
        org_a,
        code_a,
        requester_a,
        arabic,
        modality="video",
        place=None,
        onsite_contact_name="",
        onsite_contact_phone="",
        video_link="https://meet.example.org/room-12",
    )
    ilham.accepts_video = True
    ilham.save(update_fields=["accepts_video"])
    submit_booking(booking=booking, by=requester_a)
    event = _event(OutboxEmail.objects.get(template="booking_received"))
    assert "LOCATION" not in event
    assert "https://meet.example.org/room-12" in str(event["DESCRIPTION"])
