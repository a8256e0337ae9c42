"""The records' periodic jobs: the automatic validation after the delay, and
the reminder to interpreters who have not recorded a service. Each claims its
rows, so running them in several workers at once changes nothing."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.bookings.models import Assignment, Booking

from . import emails, services
from .models import ServiceRecord

SWEEP_LIMIT = 500


def validate_due(*, now=None) -> int:
    """Validate every submitted record whose delay has passed; returns how many."""
    now = timezone.now() if now is None else now
    due = ServiceRecord.objects.filter(
        status=ServiceRecord.Status.SUBMITTED, validation_due_at__lte=now
    ).values_list("pk", flat=True)[:SWEEP_LIMIT]
    return sum(services.auto_validate(pk, now=now) for pk in list(due))


def remind_missing(*, now=None) -> int:
    """Remind the interpreter of each confirmed service over for
    ``RECORD_REMINDER_AFTER`` and still not recorded (once per service)."""
    now = timezone.now() if now is None else now
    cutoff = now - settings.RECORD_REMINDER_AFTER
    missing = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            record_reminded_at__isnull=True,
            start__lte=cutoff,
        )
        .filter(Q(record__isnull=True) | Q(record__status=ServiceRecord.Status.DRAFT))
        .values_list("pk", "start", "duration_minutes")[:SWEEP_LIMIT]
    )
    sent = 0
    for pk, start, minutes in list(missing):
        if start + timedelta(minutes=minutes) > cutoff:
            continue
        if not Booking.objects.filter(pk=pk, record_reminded_at__isnull=True).update(
            record_reminded_at=now
        ):
            continue  # another worker has it
        booking = Booking.objects.select_related("organisation", "language", "place").get(pk=pk)
        assignment = (
            booking.assignments.filter(released_at__isnull=True, kind=Assignment.Kind.CONFIRMED)
            .select_related("interpreter__user")
            .first()
        )
        if assignment is not None:
            emails.queue_record_missing(booking, assignment.interpreter.user)
            sent += 1
    return sent


def missing_records(*, now=None, limit: int = 200) -> list[Booking]:
    """What the coordinators watch: confirmed services over and not recorded, oldest first."""
    now = timezone.now() if now is None else now
    started = (
        Booking.objects.filter(status=Booking.Status.CONFIRMED, start__lt=now)
        .filter(Q(record__isnull=True) | Q(record__status=ServiceRecord.Status.DRAFT))
        .select_related("organisation", "language")
        .order_by("start")[:limit]
    )
    return [booking for booking in started if booking.end <= now]


@db_periodic_task(crontab(minute="*/5"))
def records_sweep():
    validate_due()
    remind_missing()
