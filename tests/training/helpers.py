"""Training sessions on Monday 3 June 2030 and after, well in the future."""

import base64

from django.utils import translation
from icalendar import Calendar

from relais.notifications.models import OutboxEmail
from relais.training.services import create_session
from tests.bookings.helpers import MONDAY, at

START = at(MONDAY, "14:00")
ADDRESS = "Rue de la Loi 42, 1040 Etterbeek"


def plan(coordinator, *, now=None, **values):
    """A session planned by a coordinator: two hours in French at the service's
    premises, Monday 3 June 2030 at 14:00, two seats, unless told otherwise."""
    fields = {
        "start": START,
        "duration_minutes": 120,
        "language": "fr",
        "venue": "premises",
        "institution": None,
        "address": ADDRESS,
        "seats": 2,
        "description": "Les demandes en ligne, pas à pas.",
    }
    now = now or at("2030-05-01", "09:00")
    return create_session(by=coordinator, values=fields | values, now=now)


def ics_event(email: OutboxEmail):
    """The one calendar event attached to an email."""
    (attachment,) = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
    (event,) = calendar.walk("VEVENT")
    return event


def in_language_plural(language: str, singular: str, plural: str, number: int, **params) -> str:
    with translation.override(language):
        return translation.ngettext(singular, plural, number) % params
