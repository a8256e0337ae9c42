"""The messages of a request's transitions, queued by the services in their
transaction (DESIGN.md, email): to people through ``notify`` (the portal's
bell, and email unless muted), each in its recipient's language, with the
request's calendar event attached where a date is involved; to the
operations team's mailbox by email."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from relais.notifications.ics import ICS_MIMETYPE, booking_event_ics, booking_ics_filename
from relais.notifications.services import notify, queue_email

from .models import Booking

INTERPRETER_PORTAL = "/interpreters/me/"


def _ics(booking: Booking, language: str) -> list[tuple[str, bytes, str]]:
    return [
        (booking_ics_filename(booking), booking_event_ics(booking, language=language), ICS_MIMETYPE)
    ]


def _ics_cancelled_for(booking: Booking, language: str) -> list[tuple[str, bytes, str]]:
    """The interpreter's calendar event of a request they no longer do, cancelled."""
    status = booking.status
    booking.status = Booking.Status.CANCELLED
    try:
        return _ics(booking, language)
    finally:
        booking.status = status


def _to_contact(booking: Booking, kind: str, *, with_ics: bool, **context) -> None:
    contact = booking.contact
    notify(
        user=contact,
        kind=kind,
        context={"booking": booking, **context},
        url=f"/requests/{booking.pk}/",
        attachments=_ics(booking, contact.language) if with_ics else None,
    )


def _to_interpreter(booking: Booking, user, kind: str, *, ics=None, **context) -> None:
    notify(
        user=user,
        kind=kind,
        context={"booking": booking, **context},
        url=INTERPRETER_PORTAL,
        attachments=ics,
    )


def to_team(booking: Booking, template: str, **context) -> None:
    queue_email(
        to=settings.SERVICE_CONTACT_EMAIL,
        template=template,
        context={"booking": booking, **context},
        language=settings.LANGUAGE_CODE,
    )


def queue_booking_received(booking: Booking) -> None:
    """The acknowledgement: what was asked, and that the operations team checks it."""
    _to_contact(booking, "booking_received", with_ics=True)


def queue_series_received(bookings: list[Booking], skipped) -> None:
    """One acknowledgement for a series of standing shifts: every occurrence,
    with whether an interpreter is foreseen or it waits for one, the closed
    days skipped, and one calendar file with them all."""
    first = bookings[0]
    contact = first.contact
    notify(
        user=contact,
        kind="series_received",
        context={"booking": first, "bookings": bookings, "skipped": list(skipped)},
        url=f"/requests/{first.pk}/",
        attachments=[
            (
                booking_ics_filename(first),
                booking_event_ics(*bookings, language=contact.language),
                ICS_MIMETYPE,
            )
        ],
    )


def queue_booking_waitlisted(booking: Booking) -> None:
    # No calendar event: nobody is coming yet.
    _to_contact(booking, "booking_waitlisted", with_ics=False)


def queue_booking_confirmed(booking: Booking, interpreter_user) -> None:
    """To the contact person (the interpreter's first name only) and to the interpreter."""
    _to_contact(
        booking,
        "booking_confirmed",
        with_ics=True,
        interpreter_first_name=interpreter_user.get_short_name(),
    )
    _to_interpreter(
        booking,
        interpreter_user,
        "assignment_confirmed",
        ics=_ics(booking, interpreter_user.language),
    )


def queue_booking_declined(booking: Booking, reason: str) -> None:
    # The cancelled event takes the tentative one out of the contact's calendar.
    _to_contact(booking, "booking_declined", with_ics=True, reason=reason)


def queue_booking_cancelled(
    booking: Booking, *, reason: str, interpreter_user, by_coordinator: bool
) -> None:
    """To the contact person, to the interpreter who held it (their calendar
    event is cancelled) and, when the institution cancels, to the operations team."""
    _to_contact(booking, "booking_cancelled", with_ics=True, reason=reason)
    if interpreter_user is not None:
        _to_interpreter(
            booking,
            interpreter_user,
            "assignment_cancelled",
            ics=_ics(booking, interpreter_user.language),
            reason=reason,
        )
    if not by_coordinator:
        to_team(booking, "booking_cancelled_team", reason=reason)


def queue_interpreter_withdrew(
    booking: Booking, *, interpreter, reason: str, was_confirmed: bool, released: bool
) -> None:
    """The contact person learns that the interpreter changed (no names); the
    operations team gets the reason; a released interpreter is told."""
    if was_confirmed:
        _to_contact(booking, "booking_interpreter_changed", with_ics=False)
    to_team(booking, "booking_withdrawn_team", reason=reason, interpreter=interpreter)
    if released:
        _to_interpreter(
            booking,
            interpreter.user,
            "assignment_released",
            ics=_ics_cancelled_for(booking, interpreter.user.language),
            reason=reason,
        )


def queue_interpreter_available(booking: Booking) -> None:
    """ "Un interprète est disponible pour votre demande du …": to the contact
    person and to the operations team, who confirm it."""
    _to_contact(booking, "booking_available", with_ics=True)
    to_team(booking, "booking_available_team")


def queue_booking_changed(booking: Booking, *, kept, released, by_coordinator: bool) -> None:
    """The changed request to its contact person (the calendar event updated);
    to the interpreter kept, the new details, or to the one no longer needed,
    that they are released; to the operations team when the institution changed it."""
    _to_contact(booking, "booking_changed", with_ics=True, kept=kept is not None)
    if kept is not None:
        _to_interpreter(
            booking, kept.user, "assignment_changed", ics=_ics(booking, kept.user.language)
        )
    if released is not None:
        with translation.override(released.user.language):
            reason = _("The request was changed and no longer fits your calendar.")
        _to_interpreter(
            booking,
            released.user,
            "assignment_released",
            ics=_ics_cancelled_for(booking, released.user.language),
            reason=reason,
        )
    if not by_coordinator:
        to_team(booking, "booking_changed_team", kept=kept)


def queue_reminders(booking: Booking, interpreter_user) -> None:
    """The day before: the interpreter gets everything needed on the day (place,
    on-site contact and phone, link or number, note); the contact person, the
    interpreter's first name."""
    _to_contact(
        booking,
        "booking_reminder",
        with_ics=False,
        interpreter_first_name=interpreter_user.get_short_name() if interpreter_user else "",
    )
    if interpreter_user is not None:
        _to_interpreter(booking, interpreter_user, "assignment_reminder")
