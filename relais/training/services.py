"""Every write on training sessions: the coordinators create, change and cancel
sessions and handle the requests for one; members register, cancel their
registration and ask for a session at their premises.

Registering locks the session's row, so that the seats are counted by one
writer at a time and the last one is never given twice (DESIGN.md,
concurrency facts); a database constraint keeps one active registration per
person and session whatever happens.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.accounts.services import is_coordinator
from relais.organisations.models import Organisation

from . import emails
from .models import TrainingRegistration, TrainingRequest, TrainingSession, Venue

# What a coordinator sets on a session.
SESSION_FIELDS = (
    "start",
    "duration_minutes",
    "language",
    "venue",
    "institution",
    "address",
    "seats",
    "description",
)
# A change to one of these is news for the registrants (a new calendar event).
TOLD_FIELDS = ("start", "duration_minutes", "language", "venue", "institution", "address")


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Only the coordinators can do this."))


def _locked(pk: int) -> TrainingSession:
    # Only the session's own row: PostgreSQL refuses FOR UPDATE on the nullable
    # side of an outer join (the institution visited).
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=pk)
    )


def taken_seats(session: TrainingSession) -> int:
    return session.registrations.active().count()


def _check(session: TrainingSession, *, now: datetime, taken: int) -> None:
    errors: dict[str, ValidationError] = {}
    if session.start is not None and session.start <= now:
        errors["start"] = ValidationError(_("A session is planned in the future."))
    if session.venue == Venue.INSTITUTION and session.institution_id is None:
        errors["institution"] = ValidationError(_("Choose the institution visited."))
    if session.venue == Venue.PREMISES:
        session.institution = None
    if session.seats is not None and session.seats < max(taken, 1):
        errors["seats"] = ValidationError(
            ngettext(
                "%(count)d person is registered: give at least as many seats.",
                "%(count)d people are registered: give at least as many seats.",
                taken,
            )
            % {"count": taken}
            if taken
            else _("A session has at least one seat.")
        )
    try:
        session.full_clean(exclude=["created_by", "revision", *errors])
    except ValidationError as error:
        errors = error.error_dict | errors
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_session(*, by, values: dict, now: datetime | None = None) -> TrainingSession:
    now = timezone.now() if now is None else now
    _require_coordinator(by)
    session = TrainingSession(created_by=by, created_at=now)
    for field in SESSION_FIELDS:
        setattr(session, field, values.get(field, getattr(session, field)))
    session.address = (session.address or "").strip()
    _check(session, now=now, taken=0)
    session.save()
    return session


@transaction.atomic
def change_session(
    *, session: TrainingSession, by, values: dict, now: datetime | None = None
) -> TrainingSession:
    """Change a session still to come; the registrants are told when its date,
    duration, language or place changes, with the updated calendar event."""
    now = timezone.now() if now is None else now
    _require_coordinator(by)
    session = _locked(session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled: it can no longer be changed."))
    if session.start <= now:
        raise ValidationError(_("This session has already started: it can no longer be changed."))
    before = {field: getattr(session, field) for field in SESSION_FIELDS}
    for field, value in values.items():
        if field not in SESSION_FIELDS:
            raise ValueError(f"{field} cannot be changed")
        setattr(session, field, value)
    session.address = session.address.strip()
    _check(session, now=now, taken=taken_seats(session))
    if (
        session.institution_id is not None
        and session.registrations.active().exclude(organisation=session.institution_id).exists()
    ):
        # A visit is for the institution visited: the others would lose sight of it.
        raise ValidationError(
            {"institution": _("People of other institutions are registered for this session.")}
        )
    changed = [field for field in SESSION_FIELDS if getattr(session, field) != before[field]]
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    told = any(field in TOLD_FIELDS for field in changed)
    if told:
        session.revision += 1
    session.save()
    if told:
        emails.queue_session_changed(session)
    return session


@transaction.atomic
def cancel_session(
    *, session: TrainingSession, by, reason: str = "", now: datetime | None = None
) -> TrainingSession:
    """Cancel a session still to come: every registrant is told, their calendar
    event cancelled."""
    now = timezone.now() if now is None else now
    _require_coordinator(by)
    session = _locked(session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."))
    if session.start <= now:
        raise ValidationError(_("This session has already started: it can no longer be cancelled."))
    session.cancelled_at = now
    session.revision += 1
    session.save(update_fields=["cancelled_at", "revision"])
    emails.queue_session_cancelled(session, reason=reason.strip())
    return session


def _member_of(user, organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and organisation.is_active
        and user.memberships.filter(organisation=organisation, is_active=True).exists()
    )


@transaction.atomic
def register(
    *,
    session: TrainingSession,
    user,
    organisation: Organisation | None,
    now: datetime | None = None,
) -> TrainingRegistration:
    """Register a member of an institution for a session, if a seat is left."""
    now = timezone.now() if now is None else now
    if not user.memberships.filter(is_active=True, organisation__is_active=True).exists():
        raise ValidationError(
            _("The training sessions are for the members of partner institutions."),
            code="not_member",
        )
    if not _member_of(user, organisation):
        raise ValidationError(
            _("You can only register for an institution you belong to."), code="not_yours"
        )
    session = _locked(session.pk)
    if session.institution_id is not None and session.institution_id != organisation.pk:
        raise ValidationError(
            _("This session is given at another institution's premises, for its own teams."),
            code="not_yours",
        )
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    if session.start <= now:
        raise ValidationError(_("This session has already taken place."), code="past")
    if session.registrations.active().filter(user=user).exists():
        raise ValidationError(_("You are already registered for this session."), code="twice")
    if taken_seats(session) >= session.seats:
        raise ValidationError(_("This session is full."), code="full")
    try:
        with transaction.atomic():
            registration = TrainingRegistration.objects.create(
                session=session, user=user, organisation=organisation, created_at=now
            )
    except IntegrityError:  # the same person, twice at once: the constraint's last word
        raise ValidationError(
            _("You are already registered for this session."), code="twice"
        ) from None
    emails.queue_registered(registration)
    return registration


@transaction.atomic
def cancel_registration(
    *, registration: TrainingRegistration, by, now: datetime | None = None
) -> TrainingRegistration:
    """The person cancels their own registration before the session starts."""
    now = timezone.now() if now is None else now
    session = _locked(registration.session_id)
    registration = (
        TrainingRegistration.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=registration.pk)
    )
    if registration.user_id != by.pk:
        raise PermissionDenied(_("Only the person registered can cancel this registration."))
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration is already cancelled."))
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    if session.start <= now:
        raise ValidationError(
            _("This session has already started: the registration can no longer be cancelled.")
        )
    registration.cancelled_at = now
    registration.save(update_fields=["cancelled_at"])
    registration.session = session
    emails.queue_registration_cancelled(registration)
    return registration


@transaction.atomic
def request_session(
    *, by, organisation: Organisation, values: dict, now: datetime | None = None
) -> TrainingRequest:
    """A member asks for a session at their institution's premises; the
    operations team is told by email."""
    now = timezone.now() if now is None else now
    if not _member_of(by, organisation):
        raise ValidationError(
            {"organisation": _("You can only ask for an institution you belong to.")}
        )
    training_request = TrainingRequest(
        organisation=organisation,
        requested_by=by,
        preferred_period=values.get("preferred_period", "").strip(),
        people=values.get("people"),
        note=values.get("note", "").strip(),
        created_at=now,
    )
    training_request.full_clean()
    training_request.save()
    emails.queue_request_to_team(training_request)
    return training_request


@transaction.atomic
def mark_request_handled(
    *, training_request: TrainingRequest, by, now: datetime | None = None
) -> TrainingRequest:
    now = timezone.now() if now is None else now
    _require_coordinator(by)
    claimed = TrainingRequest.objects.filter(
        pk=training_request.pk, handled_at__isnull=True
    ).update(handled_at=now, handled_by=by)
    if not claimed:
        raise ValidationError(_("This request is already handled."))
    training_request.refresh_from_db()
    return training_request
