"""Training sessions ("séances de prise en main"): the service shows partner
institutions how to use the platform, at its premises or, for teams that
cannot come, at theirs. Members register for a session or ask for one at
their premises; the coordinators organise them. Every write lives in
``services.py``."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import Organisation

MIN_DURATION_MINUTES = 30
MAX_DURATION_MINUTES = 480
MAX_SEATS = 200


def duration_label(minutes: int) -> str:
    """ "2 h", "1 h 30": how long a session lasts, as the pages say it."""
    hours, rest = divmod(minutes, 60)
    if not rest:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


class SessionLanguage(models.TextChoices):
    """The languages a session is given in: those of Brussels."""

    FR = "fr", _("French")
    NL = "nl", _("Dutch")


class Venue(models.TextChoices):
    PREMISES = "premises", _("At the service's premises")
    INSTITUTION = "institution", _("At an institution's premises")


class TrainingSession(models.Model):
    """A session on a date, in one language, with a number of seats.

    A session at an institution's premises is that institution's: only its
    members see it and register for it.
    """

    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    language = models.CharField(
        _("language of the session"), max_length=2, choices=SessionLanguage.choices
    )
    venue = models.CharField(_("place"), max_length=12, choices=Venue.choices)
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("institution visited"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=300)
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)]
    )
    description = models.CharField(_("short description"), max_length=300, blank=True)
    # Grows with every change or cancellation: the calendar files sent to the
    # registrants replace the ones they already hold (see emails.py).
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="training_session_seats"),
            # A visit names the institution visited; a session at the premises names none.
            models.CheckConstraint(
                condition=Q(venue=Venue.PREMISES, institution__isnull=True)
                | Q(venue=Venue.INSTITUTION, institution__isnull=False),
                name="training_session_venue",
            ),
        ]
        indexes = [models.Index(fields=["start"], name="training_session_start")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.start):%Y-%m-%d %H:%M} — {self.get_language_display()}"

    @property
    def end(self):
        # An aware instant plus a duration: UTC arithmetic, right across DST changes.
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def seats_left(self) -> int:
        # The pages' queries count the active registrations once (``taken``).
        taken = self.taken if hasattr(self, "taken") else self.registrations.active().count()
        return max(self.seats - taken, 0)

    @property
    def duration_display(self) -> str:
        return duration_label(self.duration_minutes)


class ActiveRegistrations(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class TrainingRegistration(models.Model):
    """A person's seat in a session, for one of their institutions."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = ActiveRegistrations.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # Cancelled registrations stay as they were: one may register again.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(cancelled_at__isnull=True),
                name="training_registration_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"


class TrainingRequest(models.Model):
    """An institution asks for a session at its premises; the coordinators
    arrange it and mark the request handled."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="training_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    preferred_period = models.CharField(_("preferred period"), max_length=200)
    people = models.PositiveSmallIntegerField(
        _("number of people"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)]
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("request for a training session")
        verbose_name_plural = _("requests for a training session")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.preferred_period}"
