"""Scoped reads of requests: every request a view loads comes through here.

A person sees the requests of the institutions they are an active member of;
coordinators see all of them. Anything else is a 404.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from relais.accounts.services import is_coordinator
from relais.interpreters.models import InterpreterProfile
from relais.matching.alternatives import Analysis
from relais.matching.queries import analyse_booking
from relais.organisations.models import Membership

from .models import Assignment, Booking

# The coordinators' queue shows this many requests per page.
QUEUE_PAGE_SIZE = 20


def bookings_for_user(user) -> QuerySet[Booking]:
    bookings = Booking.objects.select_related("organisation", "language", "contact")
    if not user.is_authenticated or not user.is_active:
        return bookings.none()
    if is_coordinator(user):
        return bookings
    # A subquery rather than a join: no duplicate rows, so no DISTINCT to sort
    # around on long lists (All requests).
    return bookings.filter(organisation__in=member_organisations(user))


def member_organisations(user) -> QuerySet:
    """The ids of the institutions the user is an active member of, as a subquery."""
    return Membership.objects.filter(user=user, is_active=True).values("organisation")


def get_booking_for_user(user, pk) -> Booking:
    try:
        return bookings_for_user(user).get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def received_bookings() -> QuerySet[Booking]:
    """The coordinators' queue: received requests, oldest first."""
    return (
        Booking.objects.filter(status=Booking.Status.RECEIVED)
        .select_related("organisation", "language", "alt_language", "place")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class QueueEntry:
    booking: Booking
    analysis: Analysis


def received_queue(*, now: datetime, offset: int = 0) -> list[QueueEntry]:
    """A page of the queue, each request with the engine's ranked candidates.

    One analysis per request: ``QUEUE_PAGE_SIZE`` times the fixed number of
    queries of ``load_candidates`` — bounded by the page, not by the data.
    """
    page = received_bookings()[offset : offset + QUEUE_PAGE_SIZE]
    return [QueueEntry(booking, analyse_booking(booking, now=now)) for booking in page]


def waitlisted_bookings() -> QuerySet[Booking]:
    """Requests on the waiting list, oldest first (the queue's second section)."""
    return (
        Booking.objects.filter(status=Booking.Status.WAITLISTED)
        .select_related("organisation", "language", "alt_language", "place")
        .order_by("submitted_at", "pk")
    )


def active_assignments(bookings) -> dict[int, Assignment]:
    """The hold or confirmed assignment of each request, with its interpreter: one query."""
    return {
        assignment.booking_id: assignment
        for assignment in Assignment.objects.filter(
            booking__in=[b.pk for b in bookings], released_at__isnull=True
        ).select_related("interpreter__user")
    }


def get_interpreter_for_coordinator(user, pk) -> InterpreterProfile:
    if not is_coordinator(user):
        raise Http404
    try:
        return InterpreterProfile.objects.select_related("user").get(pk=pk, is_active=True)
    except (InterpreterProfile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def upcoming_assignments(profile: InterpreterProfile, *, now: datetime) -> QuerySet[Assignment]:
    """The interpreter's confirmed assignments still to come, soonest first."""
    return (
        Assignment.objects.filter(
            interpreter=profile,
            kind=Assignment.Kind.CONFIRMED,
            released_at__isnull=True,
            end__gt=now,
        )
        .select_related("booking__organisation", "booking__language", "booking__place")
        .order_by("start")
    )


def get_assignment_to_withdraw(user, booking_pk) -> Assignment:
    """The active assignment of a request, for its interpreter or a coordinator; else 404."""
    assignments = Assignment.objects.filter(
        booking=booking_pk, released_at__isnull=True, booking__start__gt=timezone.now()
    ).select_related("booking__organisation", "booking__language", "interpreter__user")
    if not is_coordinator(user):
        assignments = assignments.filter(interpreter__user=user)
    try:
        return assignments.get()
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
