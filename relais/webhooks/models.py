"""An institution's webhooks and the deliveries of its events to them.

A delivery is written in the same transaction as the status change that
causes it (``services.booking_event``), then posted by the workers with
retries, like the email outbox: a rolled-back change posts nothing, a
committed one is never lost.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import Organisation


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An HTTPS address of an institution's own system that receives its events."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept in clear: the service signs with it, and the manager copies it into
    # the receiving system. Rotating it replaces it at once.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    secret_rotated_at = models.DateTimeField(_("secret changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event posted to one webhook: its exact body, and how posting went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(_("event"), default=uuid.uuid4)
    event_type = models.CharField(_("type"), max_length=50)
    # The body as posted, byte for byte: every attempt signs the same text.
    payload = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_due"),
            models.Index(fields=["webhook", "-created_at"], name="webhookdelivery_log"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="webhookdelivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} → {self.webhook}"
