"""Demo tariffs: what a Brussels social interpreting service might charge,
VAT exempt (art. 44 §2 2° of the VAT code). For ``load_demo`` and a fresh
installation; the operations team sets its own in the back office."""

from datetime import date
from decimal import Decimal

from relais.interpreters.models import Modality

from .models import Tariff, VatCategory
from .services import save_tariff

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
