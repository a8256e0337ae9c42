from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "relais.bookings"
    verbose_name = _("Requests")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Booking

        # Audit logs hold no free text (DESIGN.md, privacy).
        auditlog.register(
            Booking,
            exclude_fields=[
                "note_for_interpreter",
                "internal_reference",
                "onsite_contact_name",
                "onsite_contact_phone",
                "phone_number",
                "video_link",
            ],
        )
