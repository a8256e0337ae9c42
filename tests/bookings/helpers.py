"""Builders for requests: interpreters free on weekdays 8:00-20:00 everywhere
in Brussels, and one hour of Arabic on site at the CPAS of Saint-Gilles on a
Monday well in the future."""

from datetime import UTC, date, datetime, time

from relais.bookings.models import Booking
from relais.interpreters.models import LanguageLevel, Modality
from relais.interpreters.services import add_language, add_window, create_profile
from relais.matching.engine import BRUSSELS
from relais.matching.travel import COMMUNE_CENTROIDS
from tests.conftest import make_user

MONDAY = "2030-06-03"


def at(day: str, wall_time: str) -> datetime:
    local = datetime.combine(date.fromisoformat(day), time.fromisoformat(wall_time), BRUSSELS)
    return local.astimezone(UTC)


def make_interpreter(email: str, *languages, level=LanguageLevel.NATIVE):
    user = make_user(email, full_name=email.split("@")[0], is_interpreter=True)
    profile = create_profile(
        user=user, accepts_on_site=True, communes_served=sorted(COMMUNE_CENTROIDS)
    )
    for language in languages:
        add_language(profile=profile, language=language, level=level)
    for weekday in range(5):
        add_window(profile=profile, weekday=weekday, start_time=time(8), end_time=time(20))
    return profile


def draft(organisation, code, requester, language, **overrides) -> Booking:
    """An unsaved draft, as the wizard would leave it before "confirm"."""
    fields = {
        "organisation": organisation,
        "billing_code": code,
        "created_by": requester,
        "contact": requester,
        "modality": Modality.ON_SITE,
        "language": language,
        "start": at(MONDAY, "10:00"),
        "duration_minutes": 60,
        "place": organisation.official_place,
        "onsite_contact_name": "Accueil",
        "onsite_contact_phone": "02 555 01 01",
    }
    return Booking(**(fields | overrides))


def saved_draft(*args, **overrides) -> Booking:
    booking = draft(*args, **overrides)
    booking.full_clean()
    booking.save()
    return booking


def active_interpreters(booking: Booking) -> list[tuple[int, str]]:
    return list(
        booking.assignments.filter(released_at__isnull=True).values_list("interpreter_id", "kind")
    )
