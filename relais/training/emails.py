"""The messages about training sessions, queued by the services in their
transaction: to the registrants through ``notify`` (the bell, and email), with
the session's calendar event attached; to the operations team's mailbox by
email for a request of a session at an institution's premises."""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from relais.lib.i18n import in_sentence
from relais.notifications.ics import ICS_MIMETYPE, event_ics
from relais.notifications.services import notify, queue_email

from .models import TrainingRegistration, TrainingRequest, TrainingSession

ICS_FILENAME = "relais-training-{pk}.ics"


def _sequence(session: TrainingSession, user) -> int:
    """Grows with every version a person receives: each change or cancellation
    of the session, and each registration and cancellation of theirs (one may
    register again after cancelling)."""
    counts = session.registrations.filter(user=user).aggregate(
        rows=Count("pk"), cancelled=Count("pk", filter=Q(cancelled_at__isnull=False))
    )
    return session.revision + counts["rows"] + counts["cancelled"]


def session_ics(
    session: TrainingSession, user, *, cancelled: bool = False
) -> list[tuple[str, bytes, str]]:
    """The session as a calendar event, in the person's language."""
    with translation.override(user.language):
        summary = _("Training session — %(service)s") % {"service": settings.SERVICE_NAME}
        language = in_sentence(session.get_language_display())
        lines = [_("Given in %(language)s.") % {"language": language}]
        if session.description:
            lines.insert(0, session.description)
        location = session.address
        if session.institution_id is not None:
            location = f"{session.institution.name}, {location}"
        content = event_ics(
            uid=f"training-{session.pk}@relais",
            sequence=_sequence(session, user),
            start=session.start,
            end=session.end,
            summary=summary,
            location=location,
            description="\n".join(lines),
            cancelled=cancelled,
            prodid="-//Relais//Training sessions//EN",
        )
    return [(ICS_FILENAME.format(pk=session.pk), content, ICS_MIMETYPE)]


def _to_registrant(registration: TrainingRegistration, kind: str, *, cancelled=False, **context):
    notify(
        user=registration.user,
        kind=kind,
        context={"session": registration.session, "registration": registration, **context},
        url=reverse("training:list"),
        attachments=session_ics(registration.session, registration.user, cancelled=cancelled),
    )


def _active_registrations(session: TrainingSession):
    for registration in session.registrations.active().select_related("user", "organisation"):
        registration.session = session
        yield registration


def queue_registered(registration: TrainingRegistration) -> None:
    _to_registrant(registration, "training_registered")


def queue_registration_cancelled(registration: TrainingRegistration) -> None:
    # The cancelled event takes the session out of the person's calendar.
    _to_registrant(registration, "training_registration_cancelled", cancelled=True)


def queue_session_changed(session: TrainingSession) -> None:
    for registration in _active_registrations(session):
        _to_registrant(registration, "training_session_changed")


def queue_session_cancelled(session: TrainingSession, *, reason: str) -> None:
    for registration in _active_registrations(session):
        _to_registrant(registration, "training_session_cancelled", cancelled=True, reason=reason)


def queue_request_to_team(training_request: TrainingRequest) -> None:
    queue_email(
        to=settings.SERVICE_CONTACT_EMAIL,
        template="training_request_team",
        context={"training_request": training_request},
        language=settings.LANGUAGE_CODE,
    )
