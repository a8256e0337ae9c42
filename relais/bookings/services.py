"""Every write on requests: submit, waiting list, confirm, decline.

No double booking, ever (DESIGN.md, lifecycle). Every writer of an
interpreter's calendar takes the same lock — ``select_for_update`` on the
interpreter's profile row, in profile-id order when it needs two — then
re-checks that interpreter with the engine on freshly loaded commitments,
travel included, and only then writes. On PostgreSQL the exclusion constraint
``assignment_no_overlap`` is the last word; on SQLite every transaction
starts with ``BEGIN IMMEDIATE`` (settings), so check and insert are one
serialised step.

Travel margins: the travel between two neighbouring services of one
interpreter is carried by the later one, as its ``travel_before_minutes``
(``travel_after_minutes`` stays 0). So the blocked ranges of two neighbours
overlap exactly when the gap between them is shorter than the travel the
engine asks for. Margins are set when an assignment is written or released,
for the new row and for its next neighbour; neighbours further than the
longest travel time away don't need one.

Emails (acknowledgement, confirmation, decline, each with its .ics) are
queued in the same transaction as the change (``emails.py``).
"""

import uuid
from copy import copy
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.accounts.services import is_coordinator
from relais.interpreters.models import InterpreterProfile
from relais.matching.alternatives import Analysis, Opening, analyse, default_opening
from relais.matching.engine import BRUSSELS, Demand, check
from relais.matching.queries import commune_of, demand_for_booking, load_candidates
from relais.matching.travel import MAX_TRAVEL_MINUTES, travel_minutes
from relais.organisations.models import Membership
from relais.webhooks import services as webhooks

from . import emails
from .models import Assignment, Booking, BookingEvent
from .recurrence import occurrences

Status = Booking.Status
Action = BookingEvent.Action


class NoLongerAvailable(Exception):
    """Nobody (or not the chosen interpreter) is free any more; nothing was changed.

    Carries a fresh analysis, so that the page shows the alternatives and the
    waiting list as they are now.
    """

    message = gettext_lazy("This interpreter is no longer available for this request.")

    def __init__(self, analysis: Analysis):
        super().__init__(str(self.message))
        self.analysis = analysis


def record_event(
    booking: Booking,
    *,
    by,
    action: str,
    from_status: str,
    at: datetime,
    interpreter: InterpreterProfile | None = None,
    reason: str = "",
    changes: dict | None = None,
) -> BookingEvent:
    event = BookingEvent(
        booking=booking,
        at=at,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=booking.status,
        interpreter=interpreter,
        reason=reason,
        changes=changes or {},
    )
    event.full_clean()
    event.save()
    webhooks.booking_event(event)  # the institution's own systems are told in this transaction
    return event


def _lock_interpreters(*ids: int) -> dict[int, InterpreterProfile]:
    """The per-interpreter lock every calendar writer takes, in id order (no deadlock)."""
    wanted = sorted(set(ids))
    return {
        profile.pk: profile
        for profile in InterpreterProfile.objects.select_for_update()
        .filter(pk__in=wanted)
        .order_by("pk")
    }


def _free_language(
    profile_id: int, demand: Demand, *, booking: Booking, now: datetime
) -> str | None:
    """The language in which the interpreter can take the request now (the
    requested one first), re-checked on freshly loaded commitments; None if busy."""
    candidates = load_candidates(demand, exclude_booking=booking, only=[profile_id], now=now)
    if not candidates:
        return None
    for language in filter(None, (demand.language, demand.alt_language)):
        if check(candidates[0], demand, language=language).ok:
            return language
    return None


def _commune(assignment: Assignment) -> str | None:
    booking = assignment.booking
    place = booking.place
    return commune_of(
        booking.modality, place.postcode if place else None, place.commune if place else None
    )


def _neighbours(
    profile: InterpreterProfile, start: datetime, end: datetime
) -> tuple[Assignment | None, Assignment | None]:
    """The active assignments just before ``start`` and just after ``end``,
    within the longest travel time."""
    margin = timedelta(minutes=MAX_TRAVEL_MINUTES)
    nearby = list(
        Assignment.objects.filter(
            interpreter=profile,
            released_at__isnull=True,
            start__lt=end + margin,
            end__gt=start - margin,
        ).select_related("booking__place")
    )
    before = [a for a in nearby if a.end <= start]
    after = [a for a in nearby if a.start >= end]
    return (
        max(before, key=lambda a: a.end, default=None),
        min(after, key=lambda a: a.start, default=None),
    )


def _set_travel_before(assignment: Assignment, minutes: int) -> None:
    if assignment.travel_before_minutes != minutes:
        assignment.travel_before_minutes = minutes
        assignment.save(update_fields=["travel_before_minutes"])


def _assign(
    *, booking: Booking, profile: InterpreterProfile, kind: str, by, now: datetime
) -> Assignment:
    """Write an assignment with its travel margin; the caller holds the lock
    and has checked the interpreter with the engine."""
    commune = commune_of(
        booking.modality,
        booking.place.postcode if booking.place_id else None,
        booking.place.commune if booking.place_id else None,
    )
    previous, following = _neighbours(profile, booking.start, booking.end)
    # The next neighbour's margin first: with the old one it could reach into the new service.
    if following is not None:
        _set_travel_before(following, travel_minutes(commune, _commune(following)))
    assignment = Assignment(
        booking=booking,
        interpreter=profile,
        kind=kind,
        start=booking.start,
        end=booking.end,
        travel_before_minutes=travel_minutes(_commune(previous), commune) if previous else 0,
        created_at=now,
        created_by=by,
    )
    assignment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # The database refused an overlap the engine didn't see: treat it as taken.
        raise NoLongerAvailable(_fresh_analysis(booking, now=now)) from None
    return assignment


def _release(assignment: Assignment, *, now: datetime) -> None:
    """Release an assignment; its next neighbour now travels from the one before it."""
    assignment.released_at = now
    assignment.save(update_fields=["released_at"])
    previous, following = _neighbours(assignment.interpreter, assignment.start, assignment.end)
    if following is not None:
        minutes = travel_minutes(_commune(previous), _commune(following)) if previous else 0
        _set_travel_before(following, minutes)


def _fresh_analysis(booking: Booking, *, now: datetime) -> Analysis:
    demand = demand_for_booking(booking)
    exclude = booking if booking.pk else None
    return analyse(demand, load_candidates(demand, exclude_booking=exclude, now=now), now=now)


def _active_assignment(booking: Booking) -> Assignment | None:
    return (
        booking.assignments.filter(released_at__isnull=True)
        .select_related("interpreter", "booking__place")
        .first()
    )


def _claim_draft(booking: Booking, *, now: datetime) -> Booking | None:
    """Save the draft for submission, or return the request already submitted
    under the same key or id (a double-clicked confirm creates nothing new)."""
    if booking.pk is None:
        if booking.idempotency_key is None:
            booking.idempotency_key = uuid.uuid4()
        existing = (
            Booking.objects.select_for_update()
            .filter(idempotency_key=booking.idempotency_key)
            .first()
        )
        if existing is not None:
            if existing.status != Status.DRAFT:
                return existing
            booking.pk = existing.pk
            booking._state.adding = False
    else:
        status = (
            Booking.objects.select_for_update()
            .filter(pk=booking.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status != Status.DRAFT:
            return Booking.objects.get(pk=booking.pk)
    if booking.status != Status.DRAFT:
        raise ValidationError(_("Only a draft request can be submitted."), code="not_draft")
    booking.full_clean()
    if booking.start <= now:
        raise ValidationError({"start": _("This date is in the past.")})
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # The same key was submitted at the same moment by a double click: the first one stands.
        return Booking.objects.get(idempotency_key=booking.idempotency_key)
    return None


@transaction.atomic
def submit_booking(
    *, booking: Booking, by, now: datetime | None = None, notify: bool = True
) -> Booking:
    """Submit a draft: hold the best free interpreter, and the request is received.

    Raises ``NoLongerAvailable`` with a fresh analysis, saving nothing, when
    nobody is free as asked: the requester then picks an alternative or the
    waiting list (``waitlist_booking``). Submitting the same request (same id
    or idempotency key) again returns the first result.
    """
    now = timezone.now() if now is None else now
    already = _claim_draft(booking, now=now)
    if already is not None:
        return already
    profile = _hold_best(booking, by=by, now=now)
    if profile is None:
        raise NoLongerAvailable(_fresh_analysis(booking, now=now))
    booking.status = Status.RECEIVED
    booking.submitted_at = now
    booking.save(update_fields=["status", "submitted_at"])
    record_event(
        booking,
        by=by,
        action=Action.SUBMITTED,
        from_status=Status.DRAFT,
        at=now,
        interpreter=profile,
    )
    if notify:
        emails.queue_booking_received(booking)
    return booking


def _hold_best(booking: Booking, *, by, now: datetime) -> InterpreterProfile | None:
    """Put a hold on the best interpreter free for the request in its own
    language, re-checked under their lock; None when nobody is (the caller
    decides what then). The alternative language is the requester's choice,
    never ours."""
    demand = demand_for_booking(booking)
    analysis = analyse(demand, load_candidates(demand, exclude_booking=booking, now=now), now=now)
    for match in analysis.matches:
        if not match.primary:
            break
        profile = _lock_interpreters(match.interpreter_id).get(match.interpreter_id)
        if (
            profile is None
            or _free_language(profile.pk, demand, booking=booking, now=now) != demand.language
        ):
            continue  # just taken: try the next one
        _assign(booking=booking, profile=profile, kind=Assignment.Kind.HOLD, by=by, now=now)
        return profile
    return None


@transaction.atomic
def waitlist_booking(
    *, booking: Booking, by, now: datetime | None = None, notify: bool = True
) -> Booking:
    """Submit a draft without an interpreter: it waits for one ("Continuer sans interprète")."""
    now = timezone.now() if now is None else now
    already = _claim_draft(booking, now=now)
    if already is not None:
        return already
    booking.status = Status.WAITLISTED
    booking.submitted_at = now
    booking.save(update_fields=["status", "submitted_at"])
    record_event(booking, by=by, action=Action.WAITLISTED, from_status=Status.DRAFT, at=now)
    if notify:
        emails.queue_booking_waitlisted(booking)
    return booking


@transaction.atomic
def submit_series(*, draft: Booking, by, now: datetime | None = None) -> list[Booking]:
    """Submit a series of standing shifts: one request per occurrence, each
    holding the best free interpreter or, when nobody is free that day,
    waiting for one. One acknowledgement lists them all.

    The draft is the first occurrence and the series' lock: submitting it
    again (a double click) returns the requests of the first submission.
    """
    now = timezone.now() if now is None else now
    status = (
        Booking.objects.select_for_update()
        .filter(pk=draft.pk)
        .values_list("status", flat=True)
        .first()
    )
    if draft.series_id is None:
        raise ValidationError(_("This request is not a series."), code="not_series")
    if status is not None and status != Status.DRAFT:
        return list(draft.series.bookings.order_by("start"))
    draft.full_clean()
    series = draft.series
    planned = occurrences(draft.start, series.frequency, series.until, default_opening())
    if planned.too_many or not planned.starts or planned.starts[0] != draft.start:
        raise ValidationError({"start": _("This series cannot be booked as it is.")})
    submitted = []
    template = copy(draft)  # as written, before the first occurrence is submitted
    for start in planned.starts:
        occurrence = draft
        if start != draft.start:
            occurrence = copy(template)
            occurrence.pk, occurrence.idempotency_key = None, None
            occurrence._state.adding = True
            occurrence.start, occurrence.alt_start = start, None
        try:
            submitted.append(submit_booking(booking=occurrence, by=by, now=now, notify=False))
        except NoLongerAvailable:
            if occurrence is not draft:
                # The rolled-back insert left an id on the object: start afresh.
                occurrence.pk, occurrence.idempotency_key = None, None
                occurrence._state.adding = True
            submitted.append(waitlist_booking(booking=occurrence, by=by, now=now, notify=False))
    emails.queue_series_received(submitted, planned.skipped)
    return submitted


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Only the coordinators can do this."))


@transaction.atomic
def confirm_booking(
    *,
    booking: Booking,
    by,
    interpreter: InterpreterProfile | None = None,
    now: datetime | None = None,
) -> Booking:
    """A coordinator confirms a received request, with the held interpreter or another one.

    Changing the interpreter releases the hold and checks the new one with the
    engine under their lock; if they are no longer free, ``NoLongerAvailable``
    with a fresh analysis, and nothing changes.
    """
    _require_coordinator(by)
    now = timezone.now() if now is None else now
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("place", "language", "alt_language")
        .get(pk=booking.pk)
    )
    current = _active_assignment(booking)
    target_id = (
        interpreter.pk if interpreter is not None else (current.interpreter_id if current else None)
    )
    if (
        booking.status == Status.CONFIRMED
        and current is not None
        and current.interpreter_id == target_id
    ):
        return booking  # confirmed twice (double click): the first one stands
    if booking.status != Status.RECEIVED:
        raise ValidationError(_("Only a received request can be confirmed."), code="not_received")
    if target_id is None:
        raise ValidationError({"interpreter": _("Choose an interpreter.")})
    profiles = _lock_interpreters(target_id, *([current.interpreter_id] if current else []))
    if current is not None and current.interpreter_id == target_id:
        current.kind = Assignment.Kind.CONFIRMED
        current.save(update_fields=["kind"])
        profile = current.interpreter
    else:
        profile = profiles.get(target_id)
        demand = demand_for_booking(booking)
        if profile is None or _free_language(target_id, demand, booking=booking, now=now) is None:
            raise NoLongerAvailable(_fresh_analysis(booking, now=now))
        if current is not None:
            _release(current, now=now)
        _assign(booking=booking, profile=profile, kind=Assignment.Kind.CONFIRMED, by=by, now=now)
    booking.status = Status.CONFIRMED
    booking.save(update_fields=["status"])
    record_event(
        booking,
        by=by,
        action=Action.CONFIRMED,
        from_status=Status.RECEIVED,
        at=now,
        interpreter=profile,
    )
    emails.queue_booking_confirmed(booking, profile.user)
    return booking


@transaction.atomic
def decline_booking(*, booking: Booking, by, reason: str, now: datetime | None = None) -> Booking:
    """A coordinator declines a received or waiting request, saying why; its hold is released."""
    _require_coordinator(by)
    now = timezone.now() if now is None else now
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is declined.")})
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in {Status.RECEIVED, Status.WAITLISTED}:
        raise ValidationError(
            _("Only a received or waiting request can be declined."), code="not_open"
        )
    from_status = booking.status
    current = _active_assignment(booking)
    if current is not None:
        _lock_interpreters(current.interpreter_id)
        _release(current, now=now)
    booking.status = Status.DECLINED
    booking.save(update_fields=["status"])
    record_event(
        booking, by=by, action=Action.DECLINED, from_status=from_status, at=now, reason=reason
    )
    emails.queue_booking_declined(booking, reason)
    return booking


# -- Cancellation ----------------------------------------------------------------

CANCELLABLE = frozenset({Status.RECEIVED, Status.CONFIRMED, Status.WAITLISTED})


def late_cancellation_deadline(
    start: datetime, *, opening: Opening | None = None, working_days: int | None = None
) -> datetime:
    """The last instant a request can be cancelled free of charge: the service's
    wall-clock time, ``LATE_CANCELLATION_WORKING_DAYS`` working days (Belgian
    public holidays excluded) before its day. A Monday 10:00 service is free to
    cancel until Friday 10:00, or Thursday 10:00 when that Friday is a holiday."""
    opening = default_opening() if opening is None else opening
    remaining = settings.LATE_CANCELLATION_WORKING_DAYS if working_days is None else working_days
    local = start.astimezone(BRUSSELS)
    day = local.date()
    while remaining > 0:
        day -= timedelta(days=1)
        if opening.is_open_on(day):
            remaining -= 1
    return datetime.combine(day, local.time(), BRUSSELS).astimezone(UTC)


def is_late_cancellation(booking: Booking, *, now: datetime) -> bool:
    """Would cancelling now be billed? Only once an interpreter is confirmed:
    a request still waiting for one costs nothing to withdraw."""
    return booking.status == Status.CONFIRMED and now > late_cancellation_deadline(booking.start)


def can_cancel(user, booking: Booking) -> bool:
    """Members of the request's institution and the coordinators may cancel it."""
    if is_coordinator(user):
        return True
    return Membership.objects.filter(
        user=user, organisation=booking.organisation_id, is_active=True
    ).exists()


@transaction.atomic
def cancel_booking(
    *, booking: Booking, by, reason: str, waive_charge: bool = False, now: datetime | None = None
) -> Booking:
    """Cancel a request before its service, saying why; the interpreter's slot is freed at once.

    A late cancellation of a confirmed request is flagged billable, unless a
    coordinator waives the charge (the service itself cancels, say). The
    contact person, the interpreter and the operations team are told by email.
    """
    now = timezone.now() if now is None else now
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is cancelled.")})
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("organisation", "language", "place", "contact")
        .get(pk=booking.pk)
    )
    if not can_cancel(by, booking):
        raise PermissionDenied(_("Only the institution or the coordinators can cancel it."))
    if booking.status == Status.CANCELLED:
        raise ValidationError(_("This request is already cancelled."), code="cancelled")
    if booking.status not in CANCELLABLE:
        raise ValidationError(
            _("Only a request still to come can be cancelled."), code="not_cancellable"
        )
    if booking.start <= now:
        raise ValidationError(
            _("This service has already started: it can no longer be cancelled."),
            code="started",
        )
    late = is_late_cancellation(booking, now=now) and not (waive_charge and is_coordinator(by))
    current = _active_assignment(booking)
    if current is not None:
        _lock_interpreters(current.interpreter_id)
        _release(current, now=now)
    from_status = booking.status
    booking.status = Status.CANCELLED
    booking.late_cancellation = late
    booking.save(update_fields=["status", "late_cancellation", "updated_at"])
    record_event(
        booking, by=by, action=Action.CANCELLED, from_status=from_status, at=now, reason=reason
    )
    emails.queue_booking_cancelled(
        booking,
        reason=reason,
        interpreter_user=current.interpreter.user if current is not None else None,
        by_coordinator=is_coordinator(by),
    )
    if current is not None:
        rematch_after_commit()
    return booking


# -- Withdrawal and the waiting list ---------------------------------------------


def rematch_after_commit() -> None:
    """Capacity freed up: the waiting list gets another look once this commits."""
    from .tasks import rematch_waitlist_task  # the tasks import these services

    transaction.on_commit(rematch_waitlist_task)


@transaction.atomic
def withdraw_assignment(
    *, booking: Booking, by, reason: str, now: datetime | None = None
) -> Booking:
    """An interpreter withdraws ("désistement"), or a coordinator releases them.

    The request goes back to the coordinators' queue with a hold on the next
    best interpreter (never the one who withdrew), or onto the waiting list
    when nobody is free. The contact person learns that the interpreter
    changed, without names; the freed slot may serve a waiting request.
    """
    now = timezone.now() if now is None else now
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the interpreter withdraws.")})
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("organisation", "language", "alt_language", "place", "contact")
        .get(pk=booking.pk)
    )
    current = _active_assignment(booking)
    if current is None or booking.status not in {Status.RECEIVED, Status.CONFIRMED}:
        raise ValidationError(_("No interpreter holds this request."), code="no_assignment")
    coordinator = is_coordinator(by)
    if not coordinator and current.interpreter.user_id != by.pk:
        raise PermissionDenied(_("Only the interpreter or the coordinators can do this."))
    if booking.start <= now:
        raise ValidationError(
            _("This service has already started: nobody can withdraw from it any more."),
            code="started",
        )
    _lock_interpreters(current.interpreter_id)
    _release(current, now=now)
    from_status = booking.status
    booking.status = Status.RECEIVED
    record_event(
        booking,
        by=by,
        action=Action.WITHDRAWN,
        from_status=from_status,
        at=now,
        interpreter=current.interpreter,
        reason=reason,
    )
    # The withdrawal is on record: the search below leaves that interpreter out.
    successor = _hold_best(booking, by=None, now=now)
    if successor is None:
        booking.status = Status.WAITLISTED
    booking.save(update_fields=["status", "updated_at"])
    record_event(
        booking,
        by=None,
        action=Action.HELD if successor else Action.WAITLISTED,
        from_status=Status.RECEIVED,
        at=now,
        interpreter=successor,
    )
    emails.queue_interpreter_withdrew(
        booking,
        interpreter=current.interpreter,
        reason=reason,
        was_confirmed=from_status == Status.CONFIRMED,
        released=coordinator,
    )
    rematch_after_commit()
    return booking


def hold_for_waiting(booking_id: int, *, now: datetime | None = None) -> bool:
    """Give a waiting request a hold if somebody is free for it now.

    One transaction per request, its row locked (skipped when another worker
    has it): running the same sweep in two workers at once holds each request
    once and tells its contact person once. Returns whether a hold was made.
    """
    now = timezone.now() if now is None else now
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("organisation", "language", "alt_language", "place", "contact")
            .filter(pk=booking_id, status=Status.WAITLISTED, start__gt=now)
            .first()
        )
        if booking is None:
            return False
        try:
            profile = _hold_best(booking, by=None, now=now)
        except NoLongerAvailable:
            profile = None  # lost a race for the last free interpreter: next sweep
        if profile is None:
            return False
        booking.status = Status.RECEIVED
        booking.save(update_fields=["status", "updated_at"])
        record_event(
            booking,
            by=None,
            action=Action.AVAILABLE,
            from_status=Status.WAITLISTED,
            at=now,
            interpreter=profile,
        )
        emails.queue_interpreter_available(booking)
        return True


def close_unfilled(booking_id: int, *, now: datetime | None = None) -> bool:
    """A waiting request whose time has come without an interpreter is unfilled:
    it counts as unmet demand. Idempotent, like ``hold_for_waiting``."""
    now = timezone.now() if now is None else now
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(skip_locked=True)
            .filter(pk=booking_id, status=Status.WAITLISTED, start__lte=now)
            .first()
        )
        if booking is None:
            return False
        booking.status = Status.UNFILLED
        booking.save(update_fields=["status", "updated_at"])
        record_event(
            booking, by=None, action=Action.UNFILLED, from_status=Status.WAITLISTED, at=now
        )
        return True


# -- Changes -------------------------------------------------------------------------

# What a change may touch, and what the history shows before and after (the
# free-text details are only said to have changed: the history holds no free text).
TRACKED = ("modality", "start", "duration_minutes", "language", "alt_language", "place")
DETAILS = (
    "onsite_contact_name",
    "onsite_contact_phone",
    "expected_people",
    "video_link",
    "video_link_later",
    "phone_number",
    "phone_who_calls",
    "note_for_interpreter",
)
_NOT_CHANGED_HERE = ["organisation", "created_by", "status", "idempotency_key", "series"]


def _plain(booking: Booking, field: str):
    """A tracked field as plain JSON, the same whoever reads the history."""
    if field == "start":
        return booking.start.isoformat() if booking.start else None
    if field in {"language", "alt_language"}:
        language = getattr(booking, field)
        return language.code if language else None
    if field == "place":
        return booking.place.name if booking.place_id else None
    return getattr(booking, field)


@transaction.atomic
def change_booking(*, booking: Booking, by, values: dict, now: datetime | None = None) -> Booking:
    """Change a request before its service: date, time, duration, language,
    place, type or their details.

    The analysis runs again: the interpreter is kept when still free for the
    changed request (and told), otherwise released, and the request goes back
    to the coordinators with the next interpreter held, or onto the waiting
    list. The history keeps the before and after of each change.
    """
    now = timezone.now() if now is None else now
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("organisation", "language", "alt_language", "place", "contact")
        .get(pk=booking.pk)
    )
    if not can_cancel(by, booking):
        raise PermissionDenied(_("Only the institution or the coordinators can change it."))
    if booking.status not in CANCELLABLE:
        raise ValidationError(
            _("Only a request still to come can be changed."), code="not_changeable"
        )
    if booking.start <= now:
        raise ValidationError(
            _("This service has already started: it can no longer be changed."), code="started"
        )
    before = {field: _plain(booking, field) for field in TRACKED}
    before_details = {field: getattr(booking, field) for field in DETAILS}
    for field, value in values.items():
        if field not in TRACKED and field not in DETAILS:
            raise ValueError(f"{field} cannot be changed")
        setattr(booking, field, value)
    changes = {
        field: [before[field], _plain(booking, field)]
        for field in TRACKED
        if before[field] != _plain(booking, field)
    }
    changes |= {
        field: None for field in DETAILS if before_details[field] != getattr(booking, field)
    }
    if not changes:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    errors: dict = {}
    try:
        booking.full_clean(exclude=_NOT_CHANGED_HERE, validate_constraints=False)
    except ValidationError as error:
        errors = error.error_dict
    if {"start", "duration_minutes"} & set(changes):
        errors = booking.schedule_errors() | errors
    if errors:
        raise ValidationError(errors)
    if "start" in changes:
        booking.reminded_at = None  # a new date gets its own reminder
    booking.save()

    current = _active_assignment(booking)
    kept = None
    if current is not None:
        profile = current.interpreter
        _lock_interpreters(profile.pk)
        demand = demand_for_booking(booking)
        still_free = _free_language(profile.pk, demand, booking=booking, now=now)
        _release(current, now=now)
        if still_free == demand.language:
            _assign(booking=booking, profile=profile, kind=current.kind, by=by, now=now)
            kept = profile
    from_status = booking.status
    successor = None
    if kept is None:
        successor = _hold_best(booking, by=None, now=now)
        booking.status = Status.RECEIVED if successor else Status.WAITLISTED
        booking.save(update_fields=["status", "updated_at"])
    record_event(
        booking,
        by=by,
        action=Action.CHANGED,
        from_status=from_status,
        at=now,
        interpreter=kept or successor,
        changes=changes,
    )
    emails.queue_booking_changed(
        booking,
        kept=kept,
        released=current.interpreter if current is not None and kept is None else None,
        by_coordinator=is_coordinator(by),
    )
    if current is not None and kept is None:
        rematch_after_commit()
    return booking


# -- Reminders -----------------------------------------------------------------------


def send_reminder(booking_id: int, *, now: datetime | None = None) -> bool:
    """Remind the interpreter and the contact person of a confirmed service
    starting within ``REMINDER_LEAD``. The row is claimed with a conditional
    UPDATE, so however many workers sweep at once, each reminder goes once."""
    now = timezone.now() if now is None else now
    with transaction.atomic():
        claimed = Booking.objects.filter(
            pk=booking_id,
            status=Status.CONFIRMED,
            reminded_at__isnull=True,
            start__gt=now,
            start__lte=now + settings.REMINDER_LEAD,
        ).update(reminded_at=now)
        if not claimed:
            return False
        booking = Booking.objects.select_related(
            "organisation", "language", "place", "contact"
        ).get(pk=booking_id)
        assignment = _active_assignment(booking)
        emails.queue_reminders(booking, assignment.interpreter.user if assignment else None)
        return True
