"""Scoped reads of training sessions: every session a view loads comes through here.

Members see the sessions at the service's premises and those given at their
own institutions; coordinators see all of them. Anything else is a 404.
"""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from relais.accounts.services import is_coordinator
from relais.organisations.models import Organisation

from .models import TrainingRegistration, TrainingRequest, TrainingSession

# The coordinators' page lists this many requests already handled.
HANDLED_REQUESTS = 10


def member_organisations(user) -> QuerySet[Organisation]:
    """The active institutions the person is an active member of."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        is_active=True, memberships__user=user, memberships__is_active=True
    ).order_by("name")


def _with_taken(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.select_related("institution").annotate(
        taken=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
    )


def sessions_for_member(user) -> QuerySet[TrainingSession]:
    organisations = list(member_organisations(user).values_list("pk", flat=True))
    if not organisations:
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(
        Q(institution__isnull=True) | Q(institution__in=organisations)
    )


def get_session_for_member(user, pk) -> TrainingSession:
    """A session the person may register for, whatever its state (the service says
    why it is refused); one of another institution's visits is a 404."""
    try:
        return sessions_for_member(user).get(pk=pk)
    except (TrainingSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def upcoming_for_member(user, *, now: datetime) -> list[TrainingSession]:
    """The sessions still to come a member can register for, soonest first, each
    with ``taken`` seats and ``mine``: the person's registration, if any."""
    sessions = list(
        _with_taken(sessions_for_member(user).filter(start__gt=now, cancelled_at__isnull=True))
    )
    mine = {
        registration.session_id: registration
        for registration in TrainingRegistration.objects.active()
        .filter(user=user, session__in=[session.pk for session in sessions])
        .select_related("organisation")
    }
    for session in sessions:
        session.mine = mine.get(session.pk)
    return sessions


def get_registration_for_user(user, pk) -> TrainingRegistration:
    """One of the person's own registrations; anyone else's is a 404."""
    try:
        return TrainingRegistration.objects.select_related("session", "organisation").get(
            pk=pk, user=user if user.is_authenticated else None
        )
    except (TrainingRegistration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# -- Coordinators ---------------------------------------------------------------------


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise Http404


def get_session_for_coordinator(user, pk) -> TrainingSession:
    require_coordinator(user)
    try:
        return TrainingSession.objects.select_related("institution").get(pk=pk)
    except (TrainingSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def upcoming_for_coordinators(*, now: datetime) -> list[TrainingSession]:
    """Every session still to come, cancelled ones too, with their active
    registrations (person and institution): two queries in all."""
    registrations = (
        TrainingRegistration.objects.active()
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name", "pk")
    )
    return list(
        _with_taken(TrainingSession.objects.filter(start__gt=now)).prefetch_related(
            Prefetch("registrations", queryset=registrations, to_attr="active_registrations")
        )
    )


def open_requests() -> QuerySet[TrainingRequest]:
    return (
        TrainingRequest.objects.filter(handled_at__isnull=True)
        .select_related("organisation", "requested_by")
        .order_by("created_at", "pk")
    )


def handled_requests() -> QuerySet[TrainingRequest]:
    return (
        TrainingRequest.objects.filter(handled_at__isnull=False)
        .select_related("organisation", "requested_by", "handled_by")
        .order_by("-handled_at", "-pk")[:HANDLED_REQUESTS]
    )


def get_request_for_coordinator(user, pk) -> TrainingRequest:
    require_coordinator(user)
    try:
        return TrainingRequest.objects.get(pk=pk)
    except (TrainingRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
