from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.lib.i18n import page_language
from relais.organisations.communes import BRUSSELS_COMMUNES, commune_label

COMMUNE_NAMES = frozenset(commune.fr for commune in BRUSSELS_COMMUNES)

# Availability windows lie within the service's widest day (DESIGN.md, rules of the trade).
EARLIEST_START = time(6, 0)
LATEST_END = time(22, 0)
MIN_MINUTES_PER_DAY = 60
MAX_MINUTES_PER_DAY = 720


class Modality(models.TextChoices):
    ON_SITE = "on_site", _("On-site")
    VIDEO = "video", _("Video")
    PERMANENCE = "permanence", _("Standing shift")
    PHONE = "phone", _("Phone")


class Language(models.Model):
    """A language of the catalogue: ISO 639 code, or a BCP 47-like tag for a dialect ("ar-MA")."""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 639 code such as ar, prs or tzm; a region for a dialect, such as ar-MA."),
    )
    name_fr = models.CharField(_("name in French"), max_length=100)
    name_nl = models.CharField(_("name in Dutch"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the page."""
        return getattr(self, Language.name_field())

    @staticmethod
    def name_field() -> str:
        """The field holding the name in the page's language, to sort by it."""
        return f"name_{page_language()}"


def validate_communes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValidationError(_("Choose communes from the list."), code="invalid_communes")
    unknown = sorted(set(value) - COMMUNE_NAMES)
    if unknown:
        raise ValidationError(
            _("%(communes)s is not a commune of the Brussels region."),
            code="unknown_commune",
            params={"communes": ", ".join(unknown)},
        )


class InterpreterProfile(models.Model):
    """What the matching engine knows of an interpreter besides their calendar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="interpreter_profile",
        limit_choices_to={"is_interpreter": True},
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    accepts_on_site = models.BooleanField(_("on-site"), default=False)
    accepts_video = models.BooleanField(_("video"), default=True)
    accepts_permanence = models.BooleanField(_("standing shifts"), default=True)
    accepts_phone = models.BooleanField(_("phone"), default=True)
    communes_served = models.JSONField(
        _("communes served"),
        default=list,
        blank=True,
        validators=[validate_communes],
        help_text=_("For on-site work. None: the interpreter works remotely only."),
    )
    max_minutes_per_day = models.PositiveSmallIntegerField(
        _("maximum minutes per day"),
        default=480,
        validators=[
            MinValueValidator(MIN_MINUTES_PER_DAY),
            MaxValueValidator(MAX_MINUTES_PER_DAY),
        ],
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The secret of the private calendar feed (.ics) of the interpreter's
    # assignments; empty until asked for, replaced to revoke the old address.
    calendar_token = models.CharField(
        _("calendar address secret"), max_length=64, blank=True, db_index=True
    )
    notes = models.TextField(
        _("notes for coordinators"),
        max_length=2000,
        blank=True,
        help_text=_("Seen by coordinators only. No health or personal details."),
    )

    class Meta:
        verbose_name = _("interpreter profile")
        verbose_name_plural = _("interpreter profiles")
        ordering = ["user__full_name", "user__email"]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self):
        super().clean()
        if self.user_id and not self.user.is_interpreter:
            raise ValidationError({"user": _("This person is not an interpreter.")})
        if self.accepts_on_site and not self.communes_served:
            raise ValidationError(
                {
                    "communes_served": _(
                        "Choose the communes served for on-site work, or untick on-site."
                    )
                }
            )

    @property
    def modalities(self) -> set[Modality]:
        accepted = {
            Modality.ON_SITE: self.accepts_on_site,
            Modality.VIDEO: self.accepts_video,
            Modality.PERMANENCE: self.accepts_permanence,
            Modality.PHONE: self.accepts_phone,
        }
        return {modality for modality, accepts in accepted.items() if accepts}

    @property
    def communes_display(self) -> list[str]:
        return sorted(commune_label(name) for name in self.communes_served)

    @property
    def modality_labels(self) -> list[str]:
        return [modality.label for modality in Modality if modality in self.modalities]

    @property
    def max_hours_per_day(self) -> str:
        """ "8 h" or "7 h 30": the hour symbol reads the same in French, Dutch and English."""
        hours, minutes = divmod(self.max_minutes_per_day, 60)
        return f"{hours}\u00a0h\u00a0{minutes:02d}" if minutes else f"{hours}\u00a0h"


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("Native")
    FLUENT = "fluent", _("Fluent")
    WORKING = "working", _("Working knowledge")


class InterpreterLanguage(models.Model):
    profile = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.CASCADE,
        related_name="languages",
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("level"), max_length=10, choices=LanguageLevel.choices, default=LanguageLevel.FLUENT
    )

    class Meta:
        verbose_name = _("language of an interpreter")
        verbose_name_plural = _("languages of interpreters")
        ordering = ["profile", "language__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="interpreter_language_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("weekday", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday", "Sunday")


class AvailabilityWindow(models.Model):
    """A weekly window in which the interpreter can be booked, in Brussels wall-clock time."""

    profile = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.CASCADE,
        related_name="windows",
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["profile", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="window_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["profile", "weekday"])]

    def __str__(self) -> str:
        hours = f"{self.start_time:%H:%M}\N{EN DASH}{self.end_time:%H:%M}"
        return f"{self.get_weekday_display()} {hours}"


class AbsenceKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    SICKNESS = "sickness", _("Sick leave")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Absence(models.Model):
    """Days off, both dates included. No free-text reason: the kind says enough (privacy)."""

    profile = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=AbsenceKind.choices, default=AbsenceKind.HOLIDAY
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["profile", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_on_or_after_start"
            ),
        ]
        indexes = [models.Index(fields=["profile", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}\N{EN DASH}{self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
