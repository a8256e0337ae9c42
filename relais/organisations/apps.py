from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "relais.organisations"
    verbose_name = _("Institutions")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import BillingCode, Membership, Organisation, Place

        for model in (Organisation, Membership, BillingCode):
            auditlog.register(model)
        # Audit logs hold no free text (DESIGN.md, privacy).
        auditlog.register(Place, exclude_fields=["access_notes"])
