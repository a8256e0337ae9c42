"""Builders for invoicing: tariffs as a service would set them, and requests
that went all the way to validation (or were cancelled too late) in June 2030."""

from datetime import date, timedelta
from decimal import Decimal

from relais.bookings.services import cancel_booking, confirm_booking, submit_booking
from relais.interpreters.models import Modality
from relais.invoicing.models import Tariff, VatCategory
from relais.invoicing.services import save_tariff
from relais.records.services import save_record, submit_record, validate_record
from tests.bookings.helpers import at, draft

EXEMPT = "Exonération de TVA, art. 44 §2 2° du Code de la TVA"
EXEMPT_NL = "Vrijgesteld van btw, art. 44 §2 2° van het btw-wetboek"
JUNE = (date(2030, 6, 1), date(2030, 6, 30))
JULY_FIRST = at("2030-07-01", "08:00")


def tariff(modality=Modality.ON_SITE, **fields) -> Tariff:
    """An unsaved tariff: on-site, 50 €/h, at least 1 hour then per started
    quarter hour, 10 € travel, VAT exempt."""
    values = {
        "modality": modality,
        "valid_from": date(2030, 1, 1),
        "hourly_rate": Decimal("50.00"),
        "minimum_minutes": 60,
        "increment_minutes": 15,
        "travel_fee": Decimal("10.00"),
        "late_cancellation_charge": Decimal("50.00"),
        "vat_category": VatCategory.EXEMPT,
        "vat_rate": Decimal("0"),
        "vat_exemption_reason": EXEMPT,
        "vat_exemption_reason_nl": EXEMPT_NL,
    }
    return Tariff(**(values | fields))


def saved_tariff(modality=Modality.ON_SITE, **fields) -> Tariff:
    return save_tariff(tariff=tariff(modality, **fields))


def all_tariffs():
    """A tariff for every type of service, from 2030 on."""
    return [
        saved_tariff(Modality.ON_SITE),
        saved_tariff(Modality.VIDEO, travel_fee=Decimal("0"), minimum_minutes=30),
        saved_tariff(Modality.PHONE, travel_fee=Decimal("0"), minimum_minutes=15),
        saved_tariff(
            Modality.PERMANENCE,
            hourly_rate=Decimal("0"),
            travel_fee=Decimal("0"),
            shift_rate=Decimal("120.00"),
            shift_service_rate=Decimal("15.00"),
        ),
    ]


MODALITY_FIELDS = {
    Modality.ON_SITE: {},
    Modality.VIDEO: {
        "place": None,
        "onsite_contact_name": "",
        "onsite_contact_phone": "",
        "video_link": "https://meet.example.org/abc",
    },
    Modality.PHONE: {
        "place": None,
        "onsite_contact_name": "",
        "onsite_contact_phone": "",
        "phone_number": "02 555 01 02",
        "phone_who_calls": "interpreter",
    },
    Modality.PERMANENCE: {},
}


def confirmed(org, code, requester, language, coordinator, *, day, hour="10:00", **fields):
    modality = fields.pop("modality", Modality.ON_SITE)
    booking = draft(
        org,
        code,
        requester,
        language,
        modality=modality,
        start=at(day, hour),
        **(MODALITY_FIELDS[modality] | fields),
    )
    if booking.place is None and modality in (Modality.ON_SITE, Modality.PERMANENCE):
        booking.place = org.official_place
    return confirm_booking(booking=submit_booking(booking=booking, by=requester), by=coordinator)


def validated(
    org,
    code,
    requester,
    language,
    interpreter,
    coordinator,
    *,
    day="2030-06-03",
    hour="10:00",
    minutes=60,
    services_count=None,
    **fields,
):
    """A service performed for ``minutes`` and validated by the requester; recorded
    by ``interpreter``, or by whoever the engine assigned when None."""
    booking = confirmed(org, code, requester, language, coordinator, day=day, hour=hour, **fields)
    if interpreter is None:
        interpreter = booking.assignments.get(released_at__isnull=True).interpreter
    start = booking.start
    end = start + timedelta(minutes=minutes)
    values = {"outcome": "performed", "started_at": start, "ended_at": end}
    if services_count is not None:
        values["services_count"] = services_count
    later = end + timedelta(minutes=5)
    record = save_record(booking=booking, by=interpreter.user, values=values, now=later)
    record = submit_record(record=record, by=interpreter.user, now=later)
    validate_record(record=record, by=requester, now=later)
    booking.refresh_from_db()
    return booking


def cancelled_late(org, code, requester, language, coordinator, *, day="2030-06-05"):
    booking = confirmed(org, code, requester, language, coordinator, day=day)
    return cancel_booking(
        booking=booking, by=requester, reason="La personne est hospitalisée", now=at(day, "08:00")
    )


def erase_invoices() -> None:
    """Remove every invoice behind the models' back (they refuse deletion): for
    tests that delete the demo's history to have it loaded again."""
    from django.db import connection

    from relais.invoicing.models import Invoice, InvoiceLine, InvoiceSequence, InvoiceVatSubtotal

    for model in (InvoiceLine, InvoiceVatSubtotal):
        model.objects.all()._raw_delete(connection.alias)
    # Credit notes first: they refer to the invoices they correct.
    Invoice.objects.filter(corrects__isnull=False)._raw_delete(connection.alias)
    Invoice.objects.all()._raw_delete(connection.alias)
    InvoiceSequence.objects.all().delete()
