"""Actions et tâches: the portal's home page, one per role.

The seed's first tab: "une vision sur les demandes prévues le jour même,
celles qui sont prévues prochainement ou les annulées", and what waits for the
person. Each part reads through the scoped queries of its app, so a member
only ever sees their institutions' requests and an interpreter their own
assignments. A person who is both an interpreter and a member (or a
coordinator) sees both parts.

Cost: every list is cut to a few rows and every count is one query (the
institution's counts one aggregate), so the page runs the same number of
queries whatever the size of the history.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.services import is_coordinator
from relais.bookings.models import Booking
from relais.bookings.queries import (
    bookings_for_user,
    received_bookings,
    upcoming_assignments,
)
from relais.bookings.wizard import drafts_for_user, organisations_for_requester
from relais.interpreters.queries import find_own_profile
from relais.records.models import ServiceRecord
from relais.records.queries import awaiting_answer, contested, to_record
from relais.records.tasks import missing_records

from .queries import brussels_day

Status = Booking.Status

# How many rows a list shows before its "see all" link.
LIST_LIMIT = 10
# A day never holds more services than this for one institution's home page.
TODAY_LIMIT = 20
# The coordinators' short lists next to their counts.
SHORT_LIMIT = 5
# "Unfilled requests of the coming days": requests without a confirmed
# interpreter starting within this horizon are the desk's emergencies (the
# rules ask 48 hours' notice, so three days is what can still be saved).
UNFILLED_HORIZON = timedelta(days=3)

# Requests still to take place (a cancelled or declined one is not).
PLANNED = (Status.RECEIVED, Status.CONFIRMED, Status.WAITLISTED)
# What a day's list shows: everything submitted for that day except the
# cancelled requests, which have their own list.
NOT_ON_THE_DAY = (Status.DRAFT, Status.CANCELLED)


def time_left(due: datetime, *, now: datetime) -> str:
    """What is left before the automatic validation, as people say it: "31 h", "25 min";
    empty once the time is up."""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return ""
    if seconds >= 3600:
        return _("%(hours)d h") % {"hours": seconds // 3600}
    return _("%(minutes)d min") % {"minutes": max(1, int(seconds // 60))}


@dataclass(frozen=True)
class RecordToValidate:
    record: ServiceRecord
    left: str


def member_part(user, organisations: list, *, now: datetime) -> dict:
    """The institution's view: the day's requests, the next ones, the cancelled
    ones, and what waits for the member (records, waiting list, drafts)."""
    day_start, day_end = brussels_day(now)
    bookings = bookings_for_user(user)
    on_the_day = Q(start__gte=day_start, start__lt=day_end) & ~Q(status__in=NOT_ON_THE_DAY)
    upcoming = Q(start__gte=day_end, status__in=PLANNED)
    # Cancelled requests that were to take place today or later: those a
    # member must know will not happen.
    cancelled = Q(status=Status.CANCELLED, start__gte=day_start)
    waitlisted = Q(status=Status.WAITLISTED)
    counts = bookings.aggregate(
        today=Count("pk", filter=on_the_day),
        upcoming=Count("pk", filter=upcoming),
        cancelled=Count("pk", filter=cancelled),
        waitlisted=Count("pk", filter=waitlisted),
    )
    listed = bookings.select_related("place").order_by("start", "pk")
    records = awaiting_answer(user)
    drafts = drafts_for_user(user)
    return {
        "organisations": organisations,
        "several_organisations": len(organisations) > 1,
        "counts": counts,
        "today": list(listed.filter(on_the_day)[:TODAY_LIMIT]),
        "upcoming": list(listed.filter(upcoming)[:LIST_LIMIT]),
        "cancelled": list(listed.filter(cancelled)[:LIST_LIMIT]),
        "waitlisted": list(listed.filter(waitlisted)[:LIST_LIMIT]),
        "to_validate": [
            RecordToValidate(record, time_left(record.validation_due_at, now=now))
            for record in records[:LIST_LIMIT]
        ],
        "to_validate_count": records.count(),
        "drafts": list(drafts[:LIST_LIMIT]),
        "drafts_count": drafts.count(),
    }


def coordinator_part(*, now: datetime) -> dict:
    """The operations desk's queues, each with its count and where to act on it."""
    # What starts soonest still without a confirmed interpreter, from both queues.
    unfilled_soon = Q(status__in=(Status.RECEIVED, Status.WAITLISTED)) & Q(
        start__gte=now, start__lt=now + UNFILLED_HORIZON
    )
    counts = Booking.objects.aggregate(
        received=Count("pk", filter=Q(status=Status.RECEIVED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        unfilled_soon=Count("pk", filter=unfilled_soon),
    )
    missing = missing_records(now=now)
    return {
        "counts": counts | {"contested": contested().count(), "missing": len(missing)},
        "unfilled_soon": list(
            Booking.objects.filter(unfilled_soon)
            .select_related("organisation", "language", "place")
            .order_by("start", "pk")[:LIST_LIMIT]
        ),
        "oldest_received": list(received_bookings()[:SHORT_LIMIT]),
        "missing": missing[:SHORT_LIMIT],
        "horizon_days": UNFILLED_HORIZON.days,
    }


def interpreter_part(user, *, now: datetime) -> dict:
    """The interpreter's day, their next assignments and the services to record."""
    profile = find_own_profile(user)
    if profile is None:  # no profile opened yet: nothing assigned
        return {"today": [], "next": [], "next_count": 0, "to_record": []}
    day_end = brussels_day(now)[1]
    assignments = upcoming_assignments(profile, now=now)
    later = assignments.filter(start__gte=day_end)
    return {
        "today": list(assignments.filter(start__lt=day_end)[:TODAY_LIMIT]),
        "next": list(later[:LIST_LIMIT]),
        "next_count": later.count(),
        "to_record": to_record(profile, now=now),
    }


@login_required
def home(request):
    user = request.user
    now = timezone.now()
    coordinator = is_coordinator(user)
    parts: dict[str, dict] = {}
    if coordinator:
        parts["coordinator"] = coordinator_part(now=now)
    elif organisations := list(organisations_for_requester(user)):
        parts["member"] = member_part(user, organisations, now=now)
    if user.is_interpreter:
        parts["interpreter"] = interpreter_part(user, now=now)
    return render(
        request,
        "stats/home.html",
        {
            **parts,
            "several_parts": len(parts) > 1,
            "now": now,
            "list_limit": LIST_LIMIT,
        },
    )
