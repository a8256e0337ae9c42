"""Requests ("demandes": ``Booking``), the interpreters holding them
(``Assignment``) and their history (``BookingEvent``). The lifecycle is
DESIGN.md's; every transition lives in ``services.py``."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.interpreters.models import InterpreterProfile, Language, Modality
from relais.lib.db import PostgresExclusionConstraint, UtcRangeWithMargins
from relais.matching.alternatives import default_opening
from relais.organisations.models import BillingCode, Membership, Organisation, Place

MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 600
# A standing shift lasts at least two hours (DESIGN.md, rules of the trade).
MIN_PERMANENCE_MINUTES = 120
# Modalities for which the interpreter goes to a place of service.
AT_A_PLACE = frozenset({Modality.ON_SITE, Modality.PERMANENCE})


# Belgian and international numbers as people write them: "02 555 01 01", "+32 470/12.34.56".
validate_phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ./()-]{7,28}$",
    _("Enter a phone number: digits, spaces and + / . - only, at least 8 digits."),
    code="invalid_phone",
)


class PhoneCaller(models.TextChoices):
    INTERPRETER = "interpreter", _("The interpreter calls")
    INSTITUTION = "institution", _("The institution calls the interpreter")


class Booking(models.Model):
    """A request for an interpreter ("demande"). No beneficiary name, ever (DESIGN.md, privacy)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECEIVED = "received", _("Received")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        UNFILLED = "unfilled", _("Unfilled")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        PERFORMED = "performed", _("Performed")
        VALIDATED = "validated", _("Validated")
        INVOICED = "invoiced", _("Invoiced")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    # The wizard saves a draft at each step, so what later steps ask is empty
    # until then (null), yet required (not blank) by the time it is submitted.
    billing_code = models.ForeignKey(
        BillingCode,
        verbose_name=_("billing code"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("introduced by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    modality = models.CharField(_("type of service"), max_length=12, choices=Modality.choices)
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+", null=True
    )
    alt_language = models.ForeignKey(
        Language,
        verbose_name=_("alternative language"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    start = models.DateTimeField(_("start"), null=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        null=True,
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    alt_start = models.DateTimeField(_("alternative date"), null=True, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place of service"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    onsite_contact_name = models.CharField(_("on-site contact"), max_length=200, blank=True)
    onsite_contact_phone = models.CharField(
        _("on-site contact phone"), max_length=30, blank=True, validators=[validate_phone_number]
    )
    video_link = models.URLField(_("meeting link"), max_length=500, blank=True)
    video_link_later = models.BooleanField(_("link sent later"), default=False)
    phone_number = models.CharField(
        _("number to call"), max_length=30, blank=True, validators=[validate_phone_number]
    )
    phone_who_calls = models.CharField(
        _("who calls"), max_length=12, choices=PhoneCaller.choices, blank=True
    )
    expected_people = models.PositiveSmallIntegerField(
        _("expected number of people"), null=True, blank=True
    )
    internal_reference = models.CharField(
        _("internal reference"),
        max_length=50,
        blank=True,
        help_text=_("Your own reference. Never the name of the person you serve."),
    )
    note_for_interpreter = models.TextField(
        _("note for the interpreter"),
        max_length=1000,
        blank=True,
        help_text=_("Free text: no health or personal details."),
    )
    series = models.ForeignKey(
        "BookingSeries",
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="bookings",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late_cancellation = models.BooleanField(
        _("late cancellation, billable"),
        default=False,
        help_text=_("Cancelled too late: billed as the rules of the service say."),
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    record_reminded_at = models.DateTimeField(_("record reminder sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["status", "start"], name="booking_status_start"),
            models.Index(fields=["status", "submitted_at"], name="booking_status_submitted"),
            models.Index(fields=["organisation", "start"], name="booking_organisation_start"),
            models.Index(fields=["created_by", "status"], name="booking_author_status"),
            # All requests: the coordinators' list sorted by date, and a member's count
            # per institution (docs/benchmarks.md, the overview pages).
            models.Index(fields=["start", "id"], name="booking_start_id"),
            models.Index(fields=["organisation", "status"], name="booking_organisation_status"),
        ]

    def __str__(self) -> str:
        when = f"{self.start:%Y-%m-%d %H:%M}" if self.start else "—"
        return f"{self.get_modality_display()} — {self.language or '—'} — {when}"

    @property
    def end(self):
        # An aware instant plus a duration: UTC arithmetic, right across DST changes.
        if self.start is None or self.duration_minutes is None:
            return None
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def is_at_a_place(self) -> bool:
        return self.modality in AT_A_PLACE

    @property
    def history(self) -> models.QuerySet["BookingEvent"]:
        """The request's timeline, oldest first, as its page shows it."""
        return self.events.select_related("actor", "interpreter__user").order_by("at", "pk")

    def clean(self):
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.is_at_a_place:
            if self.place_id is None:
                errors["place"] = ValidationError(_("Choose the place of service."))
            if not self.onsite_contact_name.strip():
                errors["onsite_contact_name"] = ValidationError(
                    _("Give the name of the person who receives the interpreter.")
                )
            if not self.onsite_contact_phone.strip():
                errors["onsite_contact_phone"] = ValidationError(
                    _("Give the phone number of the person who receives the interpreter.")
                )
        elif self.place_id is not None:
            errors["place"] = ValidationError(_("A remote service has no place of service."))
        if (
            self.modality == Modality.PERMANENCE
            and self.duration_minutes is not None
            and self.duration_minutes < MIN_PERMANENCE_MINUTES
        ):
            errors["duration_minutes"] = ValidationError(
                _("A standing shift lasts at least %(hours)d hours.")
                % {"hours": MIN_PERMANENCE_MINUTES // 60}
            )
        if self.modality == Modality.VIDEO and not (self.video_link or self.video_link_later):
            errors["video_link"] = ValidationError(
                _("Give the meeting link, or tick that it will be sent later.")
            )
        if self.modality == Modality.PHONE:
            if not self.phone_number.strip():
                errors["phone_number"] = ValidationError(_("Give the number to call."))
            if not self.phone_who_calls:
                errors["phone_who_calls"] = ValidationError(_("Say who calls whom."))
        if self.alt_language_id is not None and self.alt_language_id == self.language_id:
            errors["alt_language"] = ValidationError(
                _("The alternative language must differ from the language.")
            )
        if self.status == self.Status.DRAFT:
            # Only a request still being written can be refused for its date:
            # a performed one lies in the past by definition. A change to a
            # submitted one checks it too (services.change_booking).
            errors.update(self.schedule_errors())
        if self.organisation_id is not None:
            self._clean_belongs_to_organisation(errors)
        if errors:
            raise ValidationError(errors)

    def schedule_errors(self) -> dict[str, ValidationError]:
        """What is wrong with the request's time: in the past, or outside opening hours."""
        errors: dict[str, ValidationError] = {}
        now = timezone.now()
        if self.start is not None and self.start <= now:
            errors["start"] = ValidationError(_("This date is in the past."))
        if self.alt_start is not None and self.alt_start <= now:
            errors["alt_start"] = ValidationError(_("The alternative date is in the past."))
        self._clean_opening_hours(errors)
        return errors

    def _clean_opening_hours(self, errors: dict[str, ValidationError]) -> None:
        """Services are booked within the service's opening hours (DESIGN.md,
        rules of the trade): working days, not on Belgian public holidays."""
        opening = default_opening()
        message = _(
            "Services can be booked on working days from %(start)s to %(end)s, "
            "except public holidays."
        ) % {"start": opening.start.strftime("%H:%M"), "end": opening.end.strftime("%H:%M")}
        if not MIN_DURATION_MINUTES <= (self.duration_minutes or 0) <= MAX_DURATION_MINUTES:
            return  # the duration has its own error
        duration = timedelta(minutes=self.duration_minutes)
        for field in ("start", "alt_start"):
            start = getattr(self, field)
            if (
                field not in errors
                and start is not None
                and not opening.allows(start, start + duration)
            ):
                errors[field] = ValidationError(message)

    def _clean_belongs_to_organisation(self, errors: dict[str, ValidationError]) -> None:
        # A tampered hidden field must not book on another institution's code or place.
        if self.billing_code_id is not None and not (
            BillingCode.objects.filter(
                pk=self.billing_code_id, is_active=True, organisations=self.organisation_id
            ).exists()
        ):
            errors["billing_code"] = ValidationError(
                _("This billing code cannot be used by your institution.")
            )
        if self.place_id is not None and not (
            Place.objects.filter(
                pk=self.place_id, organisation=self.organisation_id, is_active=True
            ).exists()
        ):
            errors["place"] = ValidationError(_("This place is not one of your institution."))
        if self.contact_id is not None and not (
            Membership.objects.filter(
                user=self.contact_id, organisation=self.organisation_id, is_active=True
            ).exists()
        ):
            errors["contact"] = ValidationError(
                _("The contact person must be a member of your institution.")
            )


class BookingSeries(models.Model):
    """A standing shift that recurs ("every Tuesday 9:00-12:00 until June"):
    one request per occurrence, each analysed and booked on its own. The
    draft being written is its first occurrence; ``recurrence.py`` computes
    the others."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every working day")
        WEEKLY = "weekly", _("Every week, on the same day")
        MONTHLY = "monthly", _("Every month, on the same weekday (e.g. the first Tuesday)")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="booking_series",
    )
    frequency = models.CharField(_("repeat"), max_length=8, choices=Frequency.choices)
    until = models.DateField(_("until"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("series of standing shifts")
        verbose_name_plural = _("series of standing shifts")

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} — {self.until:%Y-%m-%d}"


class Assignment(models.Model):
    """An interpreter holding a request: a tentative hold, then confirmed.

    ``start`` and ``end`` are the service's, copied at hold time. The travel
    margins widen the range the assignment blocks in the interpreter's
    calendar; by convention (``services.py``) the travel between two
    neighbouring on-site services is carried by the later one's
    ``travel_before_minutes``. Released (``released_at`` set) when the
    interpreter withdraws, is replaced or the request is declined or cancelled.
    """

    class Kind(models.TextChoices):
        HOLD = "hold", _("Hold")
        CONFIRMED = "confirmed", _("Confirmed")

    booking = models.ForeignKey(
        Booking, verbose_name=_("request"), on_delete=models.CASCADE, related_name="assignments"
    )
    interpreter = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLD)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    travel_before_minutes = models.PositiveSmallIntegerField(_("travel before"), default=0)
    travel_after_minutes = models.PositiveSmallIntegerField(_("travel after"), default=0)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(released_at__isnull=True),
                name="assignment_one_active_per_booking",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="assignment_ends_after_start"
            ),
            # No double booking, ever (DESIGN.md): two active assignments of
            # one interpreter never block overlapping ranges. PostgreSQL only;
            # SQLite serialises the services' check-and-insert instead.
            PostgresExclusionConstraint(
                name="assignment_no_overlap",
                expressions=[
                    ("interpreter", RangeOperators.EQUAL),
                    (
                        UtcRangeWithMargins(
                            "start", "end", "travel_before_minutes", "travel_after_minutes"
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(released_at__isnull=True),
            ),
        ]
        indexes = [
            # The calendar of the candidates around a slot (matching/queries.py).
            models.Index(
                fields=["interpreter", "start"],
                condition=Q(released_at__isnull=True),
                name="assignment_active_calendar",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} — {self.get_kind_display()} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class BookingEvent(models.Model):
    """One entry of a request's history (who, when, what, why), shown to its users."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        HELD = "held", _("Interpreter held")
        WAITLISTED = "waitlisted", _("Put on the waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        INTERPRETER_CHANGED = "interpreter_changed", _("Interpreter changed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Interpreter withdrew")
        CHANGED = "changed", _("Changed")
        RECORDED = "recorded", _("Service recorded")
        VALIDATED = "validated", _("Validated")
        CONTESTED = "contested", _("Contested")
        RESOLVED = "resolved", _("Contest resolved")
        RECORD_CORRECTED = "record_corrected", _("Record corrected")
        AVAILABLE = "available", _("An interpreter became available")
        UNFILLED = "unfilled", _("Unfilled: nobody became available in time")
        INVOICED = "invoiced", _("Invoiced")

    booking = models.ForeignKey(
        Booking, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for the system."),
    )
    action = models.CharField(_("what"), max_length=24, choices=Action.choices)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=Booking.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=Booking.Status.choices)
    interpreter = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("why"), max_length=1000, blank=True)
    # A change's before and after, per field: {"start": ["2030-06-03T08:00:00+00:00", …]},
    # with plain values (ISO instants, minutes, language codes, place names) so
    # that the history reads the same in every language (``history.py``).
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["booking", "at"], name="bookingevent_booking_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
