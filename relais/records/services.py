"""Every transition of a service record (DESIGN.md: one service function per
transition, its history entry and notifications in the same transaction).

The interpreter writes the record after the service and submits it; the
contact person validates or contests it; with no answer, the periodic sweep
validates it once ``VALIDATION_DELAY`` has passed, exactly once; a coordinator
resolves a contest. The request's history (``BookingEvent``) tells it all.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.services import is_coordinator
from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import record_event
from relais.interpreters.models import Modality
from relais.organisations.models import Membership

from . import emails
from .models import ServiceRecord

Status = ServiceRecord.Status
Action = BookingEvent.Action
# Recorded times lie within this much of the booked service.
PLAUSIBLE_MARGIN = timedelta(hours=3)
RECORD_FIELDS = (
    "outcome",
    "not_performed_reason",
    "arrived_at",
    "started_at",
    "ended_at",
    "services_count",
    "comments",
)


def _confirmed_assignment(booking: Booking) -> Assignment | None:
    return (
        booking.assignments.filter(released_at__isnull=True, kind=Assignment.Kind.CONFIRMED)
        .select_related("interpreter__user")
        .first()
    )


def _check(record: ServiceRecord) -> None:
    """The record's own sense: the outcome's details, times in order and near the booking."""
    booking = record.booking
    errors: dict[str, str] = {}
    if record.outcome == ServiceRecord.Outcome.PERFORMED:
        for field in ("started_at", "ended_at"):
            if getattr(record, field) is None:
                errors[field] = _("Give the time.")
        if not errors:
            if record.ended_at <= record.started_at:
                errors["ended_at"] = _("The end must come after the start.")
            if record.arrived_at is not None and record.arrived_at > record.started_at:
                errors["arrived_at"] = _("The arrival cannot come after the start.")
            earliest = booking.start - PLAUSIBLE_MARGIN
            latest = booking.end + PLAUSIBLE_MARGIN
            for field in ("arrived_at", "started_at", "ended_at"):
                value = getattr(record, field)
                if value is not None and not earliest <= value <= latest and field not in errors:
                    errors[field] = _(
                        "This time is too far from the service booked from %(start)s to %(end)s."
                    ) % {
                        "start": timezone.localtime(booking.start).strftime("%H:%M"),
                        "end": timezone.localtime(booking.end).strftime("%H:%M"),
                    }
        if booking.modality == Modality.PERMANENCE and record.services_count is None:
            errors["services_count"] = _("Say how many services you performed during the shift.")
    elif not record.not_performed_reason:
        errors["not_performed_reason"] = _("Say why the service did not take place.")
    if record.services_count is not None and booking.modality != Modality.PERMANENCE:
        errors["services_count"] = _("Only a standing shift counts its services.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_record(
    *, booking: Booking, by, values: dict, now: datetime | None = None
) -> ServiceRecord:
    """The interpreter writes (or rewrites) the record of their service, until submitted."""
    now = timezone.now() if now is None else now
    booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
    assignment = _confirmed_assignment(booking)
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(_("This request was cancelled: there is nothing to record."))
    if assignment is None or booking.status not in {
        Booking.Status.CONFIRMED,
        Booking.Status.PERFORMED,
    }:
        raise ValidationError(_("Only a confirmed service can be recorded."))
    if assignment.interpreter.user_id != by.pk:
        raise PermissionDenied(_("Only the interpreter of the service can record it."))
    if now < booking.start:
        raise ValidationError(_("The service has not started yet."))
    record = ServiceRecord.objects.filter(booking=booking).first() or ServiceRecord(
        booking=booking, interpreter=assignment.interpreter
    )
    if record.status != Status.DRAFT:
        raise ValidationError(_("This record is submitted: it can no longer be changed."))
    for field in RECORD_FIELDS:
        if field in values:
            setattr(record, field, values[field])
    if record.outcome == ServiceRecord.Outcome.NOT_PERFORMED:
        record.arrived_at = record.arrived_at if record.not_performed_reason else None
        record.started_at = record.ended_at = None
    else:
        record.not_performed_reason = ""
    record.full_clean(exclude=["booking", "interpreter"])
    _check(record)
    record.save()
    return record


@transaction.atomic
def submit_record(*, record: ServiceRecord, by, now: datetime | None = None) -> ServiceRecord:
    """Send the record to the institution: the contact person is asked to
    validate it; with no answer, it is validated after ``VALIDATION_DELAY``."""
    now = timezone.now() if now is None else now
    record = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=record.pk)
    )
    if record.interpreter.user_id != by.pk:
        raise PermissionDenied(_("Only the interpreter of the service can record it."))
    if record.status != Status.DRAFT:
        raise ValidationError(_("This record is already submitted."))
    _check(record)
    record.status = Status.SUBMITTED
    record.submitted_at = now
    record.validation_due_at = now + settings.VALIDATION_DELAY
    record.save(update_fields=["status", "submitted_at", "validation_due_at"])
    booking = record.booking
    from_status = booking.status
    booking.status = Booking.Status.PERFORMED
    booking.save(update_fields=["status", "updated_at"])
    record_event(
        booking, by=by, action=Action.RECORDED, from_status=from_status, at=now,
        interpreter=record.interpreter,
    )  # fmt: skip
    emails.queue_record_to_validate(record)
    return record


def _may_answer(user, record: ServiceRecord) -> bool:
    return Membership.objects.filter(
        user=user, organisation=record.booking.organisation_id, is_active=True
    ).exists()


def _lock_submitted(record: ServiceRecord) -> ServiceRecord:
    record = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("booking__organisation", "booking__contact", "interpreter__user")
        .get(pk=record.pk)
    )
    if record.status == Status.VALIDATED:
        raise ValidationError(_("This record is already validated."), code="validated")
    if record.status == Status.CONTESTED:
        raise ValidationError(_("This record is already contested."), code="contested")
    if record.status != Status.SUBMITTED:
        raise ValidationError(_("This record is not submitted yet."), code="draft")
    return record


def _validated(record: ServiceRecord, *, by, now: datetime, action: str, reason: str = ""):
    record.status = Status.VALIDATED
    record.validated_at = now
    record.validated_by = by
    record.save()
    booking = record.booking
    booking.status = Booking.Status.VALIDATED
    booking.save(update_fields=["status", "updated_at"])
    record_event(
        booking, by=by, action=action, from_status=Booking.Status.PERFORMED, at=now,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def validate_record(*, record: ServiceRecord, by, now: datetime | None = None) -> ServiceRecord:
    """The institution validates the record in one click: it goes to invoicing."""
    now = timezone.now() if now is None else now
    if not _may_answer(by, record):
        raise PermissionDenied(_("Only the institution of the service can validate it."))
    record = _lock_submitted(record)
    _validated(record, by=by, now=now, action=Action.VALIDATED)
    return record


@transaction.atomic
def contest_record(
    *, record: ServiceRecord, by, reason: str, proposed: dict, now: datetime | None = None
) -> ServiceRecord:
    """The institution disagrees: a reason, and the times or count it proposes."""
    now = timezone.now() if now is None else now
    if not _may_answer(by, record):
        raise PermissionDenied(_("Only the institution of the service can contest it."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the record.")})
    record = _lock_submitted(record)
    started = proposed.get("started_at")
    ended = proposed.get("ended_at")
    if started and ended and ended <= started:
        raise ValidationError({"proposed_ended_at": _("The end must come after the start.")})
    record.status = Status.CONTESTED
    record.contest_reason = reason
    record.contested_by = by
    record.proposed_started_at = started
    record.proposed_ended_at = ended
    record.proposed_services_count = proposed.get("services_count")
    record.save()
    record_event(
        record.booking, by=by, action=Action.CONTESTED, from_status=Booking.Status.PERFORMED,
        at=now, reason=reason,
    )  # fmt: skip
    emails.queue_record_contested(record)
    return record


def auto_validate(record_id: int, *, now: datetime | None = None) -> bool:
    """Validate a record nobody answered within the delay — exactly once: the
    row is claimed with a conditional UPDATE, whatever the number of workers."""
    now = timezone.now() if now is None else now
    with transaction.atomic():
        claimed = ServiceRecord.objects.filter(
            pk=record_id, status=Status.SUBMITTED, validation_due_at__lte=now
        ).update(status=Status.VALIDATED, validated_at=now, validated_by=None)
        if not claimed:
            return False
        record = ServiceRecord.objects.select_related("booking").get(pk=record_id)
        booking = record.booking
        booking.status = Booking.Status.VALIDATED
        booking.save(update_fields=["status", "updated_at"])
        record_event(
            booking,
            by=None,
            action=Action.VALIDATED,
            from_status=Booking.Status.PERFORMED,
            at=now,
        )  # fmt: skip  -- the history says "automatically" in the reader's language
        return True


RESOLUTIONS = ("accept", "keep", "other")


@transaction.atomic
def resolve_contest(
    *,
    record: ServiceRecord,
    by,
    decision: str,
    comment: str,
    values: dict | None = None,
    now: datetime | None = None,
) -> ServiceRecord:
    """A coordinator settles a contest: the institution's correction, the
    interpreter's record, or other values; with a comment. Both are told; the
    record is then validated."""
    now = timezone.now() if now is None else now
    if not is_coordinator(by):
        raise PermissionDenied(_("Only the coordinators can do this."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Explain the decision.")})
    if decision not in RESOLUTIONS:
        raise ValidationError({"decision": _("Choose a decision.")})
    record = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=record.pk)
    )
    if record.status != Status.CONTESTED:
        raise ValidationError(_("Only a contested record can be resolved."))
    if decision == "accept":
        record.started_at = record.proposed_started_at or record.started_at
        record.ended_at = record.proposed_ended_at or record.ended_at
        if record.proposed_services_count is not None:
            record.services_count = record.proposed_services_count
    elif decision == "other":
        for field in ("started_at", "ended_at", "services_count"):
            if values and field in values:
                setattr(record, field, values[field])
    _check(record)
    record.resolution_comment = comment
    record.save()
    record_event(
        record.booking, by=by, action=Action.RESOLVED, from_status=Booking.Status.PERFORMED,
        at=now, reason=comment,
    )  # fmt: skip
    _validated(record, by=by, now=now, action=Action.VALIDATED)
    emails.queue_contest_resolved(record)
    return record


@transaction.atomic
def correct_record(
    *, record: ServiceRecord, by, values: dict, reason: str, now: datetime | None = None
) -> ServiceRecord:
    """A coordinator corrects a validated record (nobody else can change it
    once validated), saying why; the history keeps the reason and the values."""
    now = timezone.now() if now is None else now
    if not is_coordinator(by):
        raise PermissionDenied(_("Only the coordinators can do this."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is corrected.")})
    record = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=record.pk)
    )
    # The request's status read afresh, once the record is ours: the join above may
    # carry its version from before a concurrent invoice run (which locks the record
    # first) committed, and an invoiced service is corrected by a credit note only.
    booking_status = Booking.objects.filter(pk=record.booking_id).values_list("status", flat=True)
    if record.status != Status.VALIDATED or booking_status.get() != Booking.Status.VALIDATED:
        raise ValidationError(_("Only a validated record not invoiced yet can be corrected."))
    before = (record.started_at, record.ended_at, record.services_count)
    for field in ("started_at", "ended_at", "services_count"):
        if field in values:
            setattr(record, field, values[field])
    if (record.started_at, record.ended_at, record.services_count) == before:
        raise ValidationError(_("Nothing was changed."))
    _check(record)
    record.save()
    record_event(
        record.booking, by=by, action=Action.RECORD_CORRECTED,
        from_status=Booking.Status.VALIDATED, at=now, reason=reason,
    )  # fmt: skip
    return record
