"""Between the API's bodies and ``Booking``: the same fields the wizard fills,
checked by the same rules (``Booking.clean``) before any service sees them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.bookings import wizard
from relais.bookings.models import Booking
from relais.interpreters.models import Language

from .schemas import RequestChange, RequestDetails

PLAIN_FIELDS = (
    "modality",
    "internal_reference",
    "start",
    "duration_minutes",
    "alt_start",
    "onsite_contact_name",
    "onsite_contact_phone",
    "expected_people",
    "video_link",
    "video_link_later",
    "phone_number",
    "phone_who_calls",
    "note_for_interpreter",
)


def _language(code: str | None, field: str, errors: dict) -> Language | None:
    if code is None:
        return None
    language = Language.objects.filter(code=code).first()
    if language is None:
        errors[field] = [_("Unknown language code: see GET /api/v1/languages.")]
    return language


def new_booking(token, body: RequestDetails) -> Booking:
    """An unsaved draft of the token's institution, written by the token's creator.

    Raises ValidationError with every field the request rules object to.
    """
    errors: dict = {}
    booking = Booking(
        organisation=token.organisation,
        created_by=token.created_by,
        contact_id=body.contact or token.created_by_id,
        billing_code_id=body.billing_code,
        place_id=body.place,
        language=_language(body.language, "language", errors),
        alt_language=_language(body.alt_language, "alt_language", errors),
        **{field: getattr(body, field) for field in PLAIN_FIELDS},
    )
    problems = wizard.draft_errors(booking)
    for field in ("language", "alt_language"):
        if field in errors:
            problems.pop(field, None)
    errors |= problems
    if errors:
        raise ValidationError(errors)
    return booking


def change_values(booking: Booking, body: RequestChange) -> dict:
    """The fields the body sets, as ``change_booking`` takes them."""
    given = body.model_dump(exclude_unset=True)
    errors: dict = {}
    values = {}
    for field, value in given.items():
        if field in {"language", "alt_language"}:
            if value is None and field == "language":
                errors[field] = [_("This field is required.")]
                continue
            values[field] = _language(value, field, errors)
        elif field == "place":
            if value is None:
                values[field] = None
            else:
                place = booking.organisation.places.filter(pk=value, is_active=True).first()
                if place is None:
                    errors[field] = [_("This place is not one of your institution.")]
                values[field] = place
        elif value is None and field in {
            "modality",
            "start",
            "duration_minutes",
            "video_link_later",
        }:
            errors[field] = [_("This field is required.")]
        else:
            values[field] = "" if value is None and field not in {"expected_people"} else value
    if errors:
        raise ValidationError(errors)
    return values


def booking_out(booking: Booking) -> dict:
    now = timezone.now()
    return {
        "id": booking.pk,
        "url": settings.SITE_URL + reverse("bookings:detail", kwargs={"pk": booking.pk}),
        "status": booking.status,
        "status_label": str(booking.get_status_display()),
        "modality": booking.modality,
        "billing_code": booking.billing_code_id,
        "contact": booking.contact_id,
        "contact_name": booking.contact.get_full_name() if booking.contact_id else "",
        "internal_reference": booking.internal_reference,
        "language": booking.language.code if booking.language_id else None,
        "alt_language": booking.alt_language.code if booking.alt_language_id else None,
        "start": booking.start,
        "end": booking.end,
        "duration_minutes": booking.duration_minutes,
        "alt_start": booking.alt_start,
        "place": booking.place_id,
        "onsite_contact_name": booking.onsite_contact_name,
        "onsite_contact_phone": booking.onsite_contact_phone,
        "expected_people": booking.expected_people,
        "video_link": booking.video_link,
        "video_link_later": booking.video_link_later,
        "phone_number": booking.phone_number,
        "phone_who_calls": booking.phone_who_calls,
        "note_for_interpreter": booking.note_for_interpreter,
        "urgent": wizard.is_urgent(booking, now=now),
        "late_cancellation": booking.late_cancellation,
        "submitted_at": booking.submitted_at,
        "updated_at": booking.updated_at,
    }
