"""The digital service slip ("bon de prestation"): what the interpreter
records of a service, and the institution's answer — validated, contested, or
validated automatically once the delay has passed (DESIGN.md, lifecycle:
confirmed → performed → validated)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.bookings.models import Booking
from relais.interpreters.models import InterpreterProfile


class ServiceRecord(models.Model):
    class Outcome(models.TextChoices):
        PERFORMED = "performed", _("Performed")
        NOT_PERFORMED = "not_performed", _("Not performed")

    class Reason(models.TextChoices):
        BENEFICIARY_ABSENT = "beneficiary_absent", _("The person did not come")
        CANCELLED_ON_ARRIVAL = "cancelled_on_arrival", _("Cancelled on arrival")
        OTHER = "other", _("Another reason (see the comments)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("To validate")
        CONTESTED = "contested", _("Contested")
        VALIDATED = "validated", _("Validated")

    booking = models.OneToOneField(
        Booking, verbose_name=_("request"), on_delete=models.PROTECT, related_name="record"
    )
    interpreter = models.ForeignKey(
        InterpreterProfile,
        verbose_name=_("interpreter"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    not_performed_reason = models.CharField(
        _("why not performed"), max_length=24, choices=Reason.choices, blank=True
    )
    arrived_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    started_at = models.DateTimeField(_("start"), null=True, blank=True)
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    services_count = models.PositiveSmallIntegerField(
        _("services performed"),
        null=True,
        blank=True,
        help_text=_("For a standing shift: how many people you helped."),
    )
    comments = models.TextField(_("comments"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    validation_due_at = models.DateTimeField(_("validated automatically at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when validated automatically."),
    )
    contest_reason = models.TextField(_("why contested"), max_length=1000, blank=True)
    contested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contested by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    proposed_started_at = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_ended_at = models.DateTimeField(_("proposed end"), null=True, blank=True)
    proposed_services_count = models.PositiveSmallIntegerField(
        _("proposed number of services"), null=True, blank=True
    )
    resolution_comment = models.TextField(_("resolution"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [
            # The automatic validation's sweep.
            models.Index(fields=["status", "validation_due_at"], name="record_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.booking} — {self.get_status_display()}"

    @property
    def billable_minutes(self) -> int:
        """The duration to invoice: from arrival (waiting counts) or start to the
        end for a performed service; the booked duration when the interpreter
        came but the service did not take place; at least the booked minimum
        is the invoicing's business."""
        if self.outcome == self.Outcome.PERFORMED:
            if self.ended_at is None or self.started_at is None:
                return 0
            begin = min(filter(None, (self.arrived_at, self.started_at)))
            return int((self.ended_at - begin) / timedelta(minutes=1))
        if self.not_performed_reason in {
            self.Reason.BENEFICIARY_ABSENT,
            self.Reason.CANCELLED_ON_ARRIVAL,
        }:
            return self.booking.duration_minutes
        return 0
