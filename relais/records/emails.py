"""The messages of a service record's transitions (through ``notify``: the
bell, and email unless muted)."""

from relais.bookings.emails import to_team
from relais.notifications.services import notify

from .models import ServiceRecord

VALIDATION_TAB = "/records/validation/"


def queue_record_to_validate(record: ServiceRecord) -> None:
    """To the contact person: validate or contest, with the time left."""
    booking = record.booking
    notify(
        user=booking.contact,
        kind="record_to_validate",
        context={"booking": booking, "record": record},
        url=VALIDATION_TAB,
    )


def queue_record_contested(record: ServiceRecord) -> None:
    """To the operations team, who resolve it, and to the interpreter."""
    booking = record.booking
    to_team(booking, "record_contested_team", record=record)
    notify(
        user=record.interpreter.user,
        kind="record_contested",
        context={"booking": booking, "record": record},
        url="/interpreters/me/",
    )


def queue_contest_resolved(record: ServiceRecord) -> None:
    booking = record.booking
    for user, url in (
        (booking.contact, f"/requests/{booking.pk}/"),
        (record.interpreter.user, "/interpreters/me/"),
    ):
        notify(
            user=user,
            kind="contest_resolved",
            context={"booking": booking, "record": record},
            url=url,
        )


def queue_record_missing(booking, interpreter_user) -> None:
    notify(
        user=interpreter_user,
        kind="record_missing",
        context={"booking": booking},
        url=f"/records/{booking.pk}/",
    )
