"""Walking the request wizard with Django's test client, as a requester's browser would."""

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from tests.bookings.helpers import MONDAY

STEP_DATA = {
    "when": {"date": MONDAY, "start_time": "10:00", "duration_minutes": "60"},
    "details_place": {
        "place": "official",
        "onsite_contact_name": "Accueil, Mme Dupont",
        "onsite_contact_phone": "02 555 01 01",
        "note_for_interpreter": "Ask at the front desk.",
    },
    "details_video": {"video_link": "https://meet.example.org/abc"},
    "details_phone": {"phone_number": "+32 470 12 34 56", "phone_who_calls": "interpreter"},
}


def start(client, modality=Modality.ON_SITE, organisation=None) -> Booking:
    data = {"modality": modality}
    if organisation is not None:
        data["organisation"] = organisation.pk
    response = client.post("/requests/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Booking.objects.filter(status=Booking.Status.DRAFT).latest("pk")


def post_step(client, booking: Booking, step: str, data: dict):
    return client.post(f"/requests/new/{booking.pk}/{step}/", data)


def fill_all(client, booking: Booking, language, *, when=None, details=None):
    """Every step after the type, with sensible answers; returns the last response."""
    booking.refresh_from_db()
    organisation = booking.organisation
    code = organisation.billing_codes.first()
    who = {"billing_code": code.pk, "contact": booking.created_by.pk}
    assert post_step(client, booking, "who", who).status_code == 302
    assert post_step(client, booking, "language", {"language": language.pk}).status_code == 302
    when_data = STEP_DATA["when"] | (
        {"duration_minutes": "180"} if booking.modality == Modality.PERMANENCE else {}
    )
    assert post_step(client, booking, "when", when_data | (when or {})).status_code == 302
    if booking.modality == Modality.VIDEO:
        data = STEP_DATA["details_video"]
    elif booking.modality == Modality.PHONE:
        data = STEP_DATA["details_phone"]
    else:
        data = STEP_DATA["details_place"] | {"place": organisation.official_place.pk}
    response = post_step(client, booking, "details", data | (details or {}))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response
