"""Calendar files (.ics) attached to the emails about a request (DESIGN.md, email).

One event per request, with a UID that never changes, so that a calendar
updates the event it already holds when a later email brings a new version
(a higher SEQUENCE): tentative while received, confirmed once confirmed.
No beneficiary data: the request holds none.

``event_ics`` makes the same kind of file for anything else with a date (a
training session): the caller gives the texts, already in the reader's language.
"""

from datetime import UTC, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from relais.bookings.models import Booking, PhoneCaller
from relais.interpreters.models import Modality

ICS_MIMETYPE = "text/calendar"
ICS_FILENAME = "relais-request-{pk}.ics"
# A declined or cancelled request removes the event it replaces from calendars.
_ICS_STATUS = {
    Booking.Status.CONFIRMED: "CONFIRMED",
    Booking.Status.DECLINED: "CANCELLED",
    Booking.Status.CANCELLED: "CANCELLED",
}


def booking_ics_filename(booking: Booking) -> str:
    return ICS_FILENAME.format(pk=booking.pk)


def _description(booking: Booking) -> str:
    lines = [_("Type of service: %(type)s") % {"type": booking.get_modality_display()}]
    if booking.modality == Modality.VIDEO:
        if booking.video_link:
            lines.append(_("Meeting link: %(link)s") % {"link": booking.video_link})
        else:
            lines.append(_("The meeting link will be sent later."))
    if booking.modality == Modality.PHONE:
        lines.append(_("Number to call: %(number)s") % {"number": booking.phone_number})
        if booking.phone_who_calls:
            lines.append(str(PhoneCaller(booking.phone_who_calls).label))
    if booking.is_at_a_place and booking.onsite_contact_name:
        lines.append(
            _("On-site contact: %(name)s, %(phone)s")
            % {"name": booking.onsite_contact_name, "phone": booking.onsite_contact_phone}
        )
    if booking.internal_reference:
        lines.append(_("Internal reference: %(ref)s") % {"ref": booking.internal_reference})
    return "\n".join(lines)


def _event(booking: Booking) -> Event:
    event = Event()
    event.add("uid", f"booking-{booking.pk}@relais")
    event.add("sequence", booking.events.count())
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("summary", _("Interpreting — %(language)s") % {"language": booking.language.name})
    if booking.is_at_a_place and booking.place_id is not None:
        event.add("location", booking.place.address)
    event.add("description", _description(booking))
    event.add("status", _ICS_STATUS.get(booking.status, "TENTATIVE"))
    return event


def _calendar(prodid: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def event_ics(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    cancelled: bool = False,
    prodid: str = "-//Relais//Relais//EN",
) -> bytes:
    """One event as a calendar file; times in UTC. A later file with the same
    ``uid`` and a higher ``sequence`` replaces it in calendars; a cancelled
    one removes it."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar = _calendar(prodid)
    calendar.add_component(event)
    return calendar.to_ical()


def booking_event_ics(*bookings: Booking, language: str) -> bytes:
    """The requests as calendar events (one per request; a series has several),
    in ``language``; times in UTC.

    The SEQUENCE is the number of history entries, which grows with every
    transition, so each new version replaces the previous one in calendars.
    """
    with translation.override(language):
        calendar = _calendar("-//Relais//Interpreting requests//EN")
        for booking in bookings:
            calendar.add_component(_event(booking))
    return calendar.to_ical()
