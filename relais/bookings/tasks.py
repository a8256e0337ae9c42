"""The waiting list's worker jobs: re-match when capacity frees up, and a
periodic sweep as a safety net (DESIGN.md, lifecycle: waitlisted → received,
or unfilled once its time has passed)."""

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .models import Booking

# A sweep looks at this many waiting requests, oldest first; the next sweep
# goes on. Bounded, so one sweep never takes a worker for long.
SWEEP_LIMIT = 200


def rematch_waitlist(*, now=None) -> int:
    """Hold an interpreter for every waiting request that now fits, oldest
    first, and close those whose time has passed. Returns the holds made."""
    now = timezone.now() if now is None else now
    waiting = Booking.objects.filter(status=Booking.Status.WAITLISTED)
    for pk in waiting.filter(start__lte=now).values_list("pk", flat=True)[:SWEEP_LIMIT]:
        services.close_unfilled(pk, now=now)
    upcoming = (
        waiting.filter(start__gt=now)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    return sum(services.hold_for_waiting(pk, now=now) for pk in list(upcoming))


def send_reminders(*, now=None) -> int:
    """Remind of the confirmed services starting within the lead time. Returns how many."""
    now = timezone.now() if now is None else now
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminded_at__isnull=True,
        start__gt=now,
        start__lte=now + settings.REMINDER_LEAD,
    ).values_list("pk", flat=True)[:SWEEP_LIMIT]
    return sum(services.send_reminder(pk, now=now) for pk in list(due))


@db_periodic_task(crontab(minute="*/10"))
def reminder_sweep():
    send_reminders()


@db_task()
def rematch_waitlist_task():
    rematch_waitlist()


@db_periodic_task(crontab(minute="*/5"))
def waitlist_sweep():
    """Safety net: what a lost task or a change outside the services freed up."""
    rematch_waitlist()
