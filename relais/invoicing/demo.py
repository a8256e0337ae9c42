"""Demo tariffs: what a Brussels social interpreting service might charge,
VAT exempt (art. 44 §2 2° of the VAT code), and the invoices of the demo's
history. For ``load_demo``; the operations team sets its own tariffs."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from relais.records.models import ServiceRecord

from .credit_notes import mark_invoice_paid
from .models import Tariff, VatCategory
from .services import issue_invoices, save_tariff

EXEMPTION = {
    "vat_category": VatCategory.EXEMPT,
    "vat_rate": Decimal("0"),
    "vat_exemption_reason": "Exonération de TVA, article 44, § 2, 2° du Code de la TVA",
    "vat_exemption_reason_nl": "Vrijgesteld van btw, artikel 44, § 2, 2° van het btw-wetboek",
    "vat_exemption_reason_en": "VAT exempt, article 44 § 2 2° of the Belgian VAT code",
}

DEMO_TARIFFS = {
    Modality.ON_SITE: {
        "hourly_rate": Decimal("48.00"),
        "minimum_minutes": 60,
        "increment_minutes": 15,
        "travel_fee": Decimal("12.00"),
        "late_cancellation_charge": Decimal("48.00"),
    },
    Modality.VIDEO: {
        "hourly_rate": Decimal("44.00"),
        "minimum_minutes": 30,
        "increment_minutes": 15,
        "late_cancellation_charge": Decimal("22.00"),
    },
    Modality.PHONE: {
        "hourly_rate": Decimal("44.00"),
        "minimum_minutes": 15,
        "increment_minutes": 15,
        "late_cancellation_charge": Decimal("11.00"),
    },
    Modality.PERMANENCE: {
        "hourly_rate": Decimal("40.00"),
        "minimum_minutes": 120,
        "increment_minutes": 30,
        "shift_service_rate": Decimal("5.00"),
        "late_cancellation_charge": Decimal("80.00"),
    },
}


def create_demo_tariffs(*, valid_from: date = date(2020, 1, 1)) -> list[Tariff]:
    """One open-ended tariff per type of service that has none yet."""
    created = []
    for modality, prices in DEMO_TARIFFS.items():
        if Tariff.objects.filter(modality=modality).exists():
            continue
        tariff = Tariff(modality=modality, valid_from=valid_from, **prices, **EXEMPTION)
        created.append(save_tariff(tariff=tariff))
    return created


def issue_demo_invoices(*, by, now=None) -> list:
    """The invoices of the demo's history, month by month up to last month, as
    the monthly run would have issued them on the first of each month; all but
    the last two months paid. Nothing new when they exist already."""
    now = timezone.localtime(now)
    last_month_end = now.date().replace(day=1) - timedelta(days=1)
    first = Booking.objects.filter(status=Booking.Status.VALIDATED).order_by("start").first()
    if first is None:
        return []
    month = timezone.localtime(first.start).date().replace(day=1)
    issued = []
    while month <= last_month_end:
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        # The run of the first of the month, or later if a record of the month was
        # validated after it (a contest settled late): a run bills what is validated.
        run_at = timezone.make_aware(datetime.combine(month_end + timedelta(days=1), time(4, 30)))
        latest = ServiceRecord.objects.filter(
            booking__status=Booking.Status.VALIDATED,
            booking__start__lt=run_at - timedelta(hours=4, minutes=30),
        ).aggregate(latest=Max("validated_at"))["latest"]
        if latest is not None and latest >= run_at:
            run_at = latest + timedelta(hours=1)
        result = issue_invoices(period_start=month, period_end=month_end, now=run_at)
        paid_on = month_end + timedelta(days=20)
        for invoice in result.invoices:
            if paid_on < last_month_end - timedelta(days=31):
                mark_invoice_paid(invoice=invoice, by=by, paid_on=paid_on)
        issued += result.invoices
        month = month_end + timedelta(days=1)
    return issued
