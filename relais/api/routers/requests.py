"""Requests ("demandes"): the availability analysis, create, change, cancel, read, list.

Nothing is decided here: the wizard's rules check the fields (``booking_io``),
the matching engine answers the analysis, and ``bookings.services`` does every
write, "by" the token's creator.
"""

from math import ceil

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router, Status

from relais.bookings import services, wizard
from relais.bookings.wizard_views import alternative_label, why_lines
from relais.interpreters.models import Language
from relais.lib.i18n import in_sentence
from relais.matching.queries import analyse_booking
from relais.stats.forms import RequestFilterForm
from relais.stats.queries import filtered_requests

from ..booking_io import booking_out, change_values, new_booking
from ..errors import ApiError, ErrorOut
from ..idempotency import run_once
from ..queries import bookings_for_token, get_booking_for_token
from ..schemas import (
    MAX_ID,
    AvailabilityOut,
    CancelIn,
    RequestChange,
    RequestDetails,
    RequestFilters,
    RequestIn,
    RequestOut,
    RequestPage,
)

router = Router(tags=["requests"])
PAGE_SIZE = 50
BookingId = Path(..., ge=1, le=MAX_ID, description="Number of the request.")

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS = READ_ERRORS | {400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


def _out(booking) -> dict:
    return RequestOut.model_validate(booking_out(booking)).model_dump(mode="json")


@router.post(
    "/availability",
    response={200: AvailabilityOut, **WRITE_ERRORS},
    summary="Is an interpreter free? (the wizard's analysis)",
)
def availability(request, body: RequestDetails):
    """Run the availability analysis of the request wizard on a request, without
    saving anything: whether somebody is free as asked, else why not and the
    alternatives (another time, the alternative language, a remote modality, the
    waiting list)."""
    booking = new_booking(request.auth, body)
    analysis = analyse_booking(booking, now=timezone.now())
    why, alternatives = None, []
    if not analysis.available:
        headline, details = why_lines(analysis.why, in_sentence(booking.language.name))
        why = {"headline": headline, "details": details}
        names = {
            language.code: language.name
            for language in Language.objects.filter(
                code__in=[a.language for a in analysis.alternatives]
            )
        }
        alternatives = [
            {
                "kind": alternative.kind,
                "label": alternative_label(alternative, booking, names),
                "start": alternative.start,
                "modality": alternative.modality,
                "language": alternative.language,
            }
            for alternative in analysis.alternatives
        ]
    return {
        "available": analysis.available,
        "urgent": wizard.is_urgent(booking, now=timezone.now()),
        "why": why,
        "alternatives": alternatives,
    }


@router.post(
    "/requests",
    response={201: RequestOut, **WRITE_ERRORS},
    summary="Send a request",
)
def create_request(
    request,
    body: RequestIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Any unique string (a UUID): sending the same request again with the "
        "same key returns the first answer instead of booking twice; the same key with "
        "another body is refused (409).",
    ),
):
    """Create and send a request, as "Confirm" at the end of the wizard: the best
    free interpreter is held and the request goes to the operations team; the
    contact person gets the acknowledgement by email. Standing shifts are sent one
    occurrence at a time (series through the portal)."""
    token = request.auth

    def work():
        booking = new_booking(token, body)
        try:
            sent = services.submit_booking(booking=booking, by=token.created_by)
        except services.NoLongerAvailable:
            if body.if_unavailable != "waitlist":
                raise ApiError(
                    409,
                    "no_interpreter_free",
                    _(
                        "No interpreter is free as asked: nothing was sent. See POST "
                        "/api/v1/availability for the alternatives, or send with "
                        "if_unavailable=waitlist."
                    ),
                ) from None
            sent = services.waitlist_booking(booking=new_booking(token, body), by=token.created_by)
        return 201, _out(get_booking_for_token(token, sent.pk))

    status, answer = run_once(token, idempotency_key, request, work)
    return Status(status, answer)


@router.get(
    "/requests",
    response={200: RequestPage, **READ_ERRORS},
    summary="List requests (as 'All requests')",
)
def list_requests(request, filters: Query[RequestFilters]):
    """The institution's requests, with the filters and orders of "Toutes les
    demandes", 50 a page."""
    token = request.auth
    data = filters.model_dump(exclude_none=True, exclude={"page"})
    data = {key: str(value) for key, value in data.items()}
    if "language" in data:
        language = Language.objects.filter(code=data["language"]).first()
        if language is None:
            raise ValidationError(
                {"language": [_("Unknown language code: see GET /api/v1/languages.")]}
            )
        data["language"] = str(language.pk)
    organisation = type(token.organisation).objects.filter(pk=token.organisation_id)
    contacts = (
        type(token.created_by)
        .objects.filter(
            memberships__organisation=token.organisation_id, memberships__is_active=True
        )
        .order_by("pk")
    )
    form = RequestFilterForm(data, organisations=organisation, contacts=contacts)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    rows = filtered_requests(token.created_by, form, now=timezone.now()).filter(
        pk__in=bookings_for_token(token).values("pk")
    )
    count = rows.count()
    first = (filters.page - 1) * PAGE_SIZE
    page = rows.select_related("alt_language", "place")[first : first + PAGE_SIZE]
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, ceil(count / PAGE_SIZE)),
        "results": [booking_out(booking) for booking in page],
    }


@router.get(
    "/requests/{booking_id}", response={200: RequestOut, **READ_ERRORS}, summary="Read a request"
)
def get_request(request, booking_id: int = BookingId):
    """One request of the institution."""
    return booking_out(get_booking_for_token(request.auth, booking_id))


@router.patch(
    "/requests/{booking_id}", response={200: RequestOut, **WRITE_ERRORS}, summary="Change a request"
)
def change_request(request, body: RequestChange, booking_id: int = BookingId):
    """Change a request still to come (as "Modifier"): the analysis runs again; the
    interpreter is kept if still free, otherwise the next one is held or the
    request waits on the waiting list."""
    token = request.auth
    booking = get_booking_for_token(token, booking_id)
    values = change_values(booking, body)
    if not values:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    services.change_booking(booking=booking, by=token.created_by, values=values)
    return booking_out(get_booking_for_token(token, booking_id))


@router.post(
    "/requests/{booking_id}/cancel",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Cancel a request",
)
def cancel_request(request, body: CancelIn, booking_id: int = BookingId):
    """Cancel a request before its service, saying why. After 10:00 on the working
    day before a confirmed service the cancellation is billed (late_cancellation)."""
    token = request.auth
    booking = get_booking_for_token(token, booking_id)
    services.cancel_booking(booking=booking, by=token.created_by, reason=body.reason)
    return booking_out(get_booking_for_token(token, booking_id))
