from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "relais.invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Invoice, Tariff

        # Who changed a price, and when an invoice was marked paid.
        auditlog.register(Tariff)
        auditlog.register(Invoice, include_fields=["status", "paid_at"])
