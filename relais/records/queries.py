"""Scoped reads of service records: an interpreter sees their own, an
institution's members theirs, coordinators all; anything else is a 404."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from relais.accounts.services import is_coordinator
from relais.bookings.models import Assignment, Booking

from .models import ServiceRecord


def records_for_user(user) -> QuerySet[ServiceRecord]:
    records = ServiceRecord.objects.select_related(
        "booking__organisation",
        "booking__language",
        "booking__place",
        "booking__billing_code",
        "interpreter__user",
    )
    if not user.is_authenticated or not user.is_active:
        return records.none()
    if is_coordinator(user):
        return records
    return records.filter(
        Q(interpreter__user=user)
        | Q(
            booking__organisation__memberships__user=user,
            booking__organisation__memberships__is_active=True,
        )
    ).distinct()


def get_record_to_answer(user, pk) -> ServiceRecord:
    """A record the person's institution may validate or contest."""
    try:
        return (
            records_for_user(user)
            .filter(
                booking__organisation__memberships__user=user,
                booking__organisation__memberships__is_active=True,
            )
            .get(pk=pk)
        )
    except (ServiceRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def awaiting_answer(user) -> QuerySet[ServiceRecord]:
    """The Validation tab: submitted records of the person's institutions, the most urgent first."""
    return (
        records_for_user(user)
        .filter(
            status=ServiceRecord.Status.SUBMITTED,
            booking__organisation__memberships__user=user,
            booking__organisation__memberships__is_active=True,
        )
        .order_by("validation_due_at")
    )


def get_service_to_record(user, booking_pk) -> Booking:
    """A confirmed or performed service of this interpreter."""
    assignment = (
        Assignment.objects.filter(
            booking=booking_pk,
            released_at__isnull=True,
            kind=Assignment.Kind.CONFIRMED,
            interpreter__user=user,
        )
        .select_related("booking__organisation", "booking__language", "booking__place")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment.booking


def to_record(profile, *, now: datetime) -> list[Booking]:
    """The interpreter's services that started and are not submitted yet."""
    return list(
        Booking.objects.filter(
            assignments__interpreter=profile,
            assignments__released_at__isnull=True,
            assignments__kind=Assignment.Kind.CONFIRMED,
            status=Booking.Status.CONFIRMED,
            start__lte=now,
        )
        .select_related("organisation", "language", "place")
        .order_by("start")[:50]
    )


def recent_records(profile) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(interpreter=profile)
        .exclude(status=ServiceRecord.Status.DRAFT)
        .select_related("booking__organisation", "booking__language")
        .order_by("-submitted_at")[:10]
    )


def contested() -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(status=ServiceRecord.Status.CONTESTED)
        .select_related(
            "booking__organisation", "booking__language", "interpreter__user", "contested_by"
        )
        .order_by("submitted_at")
    )


def to_invoice() -> tuple[QuerySet[ServiceRecord], QuerySet[Booking]]:
    """ "À facturer": validated services not invoiced yet, and billable late cancellations."""
    records = (
        ServiceRecord.objects.filter(
            status=ServiceRecord.Status.VALIDATED, booking__status=Booking.Status.VALIDATED
        )
        .select_related(
            "booking__organisation",
            "booking__language",
            "booking__billing_code",
            "interpreter__user",
        )
        .order_by("booking__start")
    )
    cancellations = (
        Booking.objects.filter(status=Booking.Status.CANCELLED, late_cancellation=True)
        .select_related("organisation", "language", "billing_code")
        .order_by("start")
    )
    return records, cancellations
