from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretersConfig(AppConfig):
    name = "relais.interpreters"
    verbose_name = _("Interpreters")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Absence, AvailabilityWindow, InterpreterLanguage, InterpreterProfile

        # Audit logs hold no free text (DESIGN.md, privacy): the coordinators' notes stay out.
        auditlog.register(InterpreterProfile, exclude_fields=["notes"])
        for model in (InterpreterLanguage, AvailabilityWindow, Absence):
            auditlog.register(model)
