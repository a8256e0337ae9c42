"""Scoped reads for a token: its institution's submitted requests only; anything
else — another institution's, a draft, a missing id — is the same 404."""

from django.db.models import QuerySet
from django.http import Http404

from relais.bookings.models import Booking
from relais.bookings.queries import bookings_for_user

from .models import ApiToken


def bookings_for_token(token: ApiToken) -> QuerySet[Booking]:
    return (
        bookings_for_user(token.created_by)
        .filter(organisation=token.organisation_id)
        .exclude(status=Booking.Status.DRAFT)
        .select_related("alt_language", "place")
    )


def get_booking_for_token(token: ApiToken, pk) -> Booking:
    try:
        return bookings_for_token(token).get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
