"""API tokens, their per-minute request counters and their idempotency keys.

A token's secret is shown once, at creation; only its SHA-256 is stored (the
secret has 256 bits of entropy, so a plain hash is enough: no salt or slow
hash needed against guessing). ``prefix`` is the secret's first characters,
to tell tokens apart on the page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import Organisation


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class ApiRateWindow(models.Model):
    """How many requests a token made in one minute (fixed window), shared by
    every web process through the database."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "window_start"], name="api_rate_window_unique")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class ApiIdempotencyKey(models.Model):
    """The response given to a request sent with an ``Idempotency-Key``, replayed
    when the same key comes again with the same body."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"
