"""The kinds of message a person receives about requests and assignments: the
email template of each, whether it can be muted by email (the acknowledgement,
confirmations and cancellations cannot), and how the preferences page names it."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    label: Promise
    mandatory: bool


KINDS: dict[str, Kind] = {
    "booking_received": Kind(_("Acknowledgement of a request"), True),
    "series_received": Kind(_("Acknowledgement of a series of standing shifts"), True),
    "booking_confirmed": Kind(_("A request is confirmed"), True),
    "booking_cancelled": Kind(_("A request is cancelled"), True),
    "assignment_confirmed": Kind(_("You are confirmed for an assignment"), True),
    "assignment_cancelled": Kind(_("An assignment of yours is cancelled"), True),
    "booking_waitlisted": Kind(_("A request goes on the waiting list"), False),
    "booking_declined": Kind(_("A request is declined"), False),
    "booking_available": Kind(_("An interpreter is available for a waiting request"), False),
    "booking_interpreter_changed": Kind(_("The interpreter of a request changes"), False),
    "booking_changed": Kind(_("A request is changed"), False),
    "booking_reminder": Kind(_("Reminder the day before a request"), False),
    "assignment_changed": Kind(_("An assignment of yours is changed"), False),
    "assignment_released": Kind(_("You are released from an assignment"), False),
    "assignment_reminder": Kind(_("Reminder the day before an assignment"), False),
    "record_to_validate": Kind(_("A service record to validate"), True),
    "record_contested": Kind(_("A record of yours is contested"), False),
    "contest_resolved": Kind(_("A contested record is settled"), False),
    "record_missing": Kind(_("Reminder of a service still to record"), False),
    "training_registered": Kind(_("Your registration for a training session"), True),
    "training_registration_cancelled": Kind(
        _("Your registration for a training session is cancelled"), True
    ),
    "training_session_changed": Kind(_("A training session of yours is changed"), True),
    "training_session_cancelled": Kind(_("A training session of yours is cancelled"), True),
}
