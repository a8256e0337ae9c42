"""The demo tariffs: valid, one per type of service, created once."""

from datetime import date
from decimal import Decimal

from relais.interpreters.models import Modality
from relais.invoicing.demo import create_demo_tariffs
from relais.invoicing.models import Tariff
from relais.invoicing.pricing import price_service, tariff_on


def test_one_tariff_per_type_of_service_once(db):
    assert len(create_demo_tariffs()) == len(Modality.choices)
    assert create_demo_tariffs() == []
    tariffs = list(Tariff.objects.all())
    on_site = tariff_on(tariffs, Modality.ON_SITE, date(2030, 6, 3))
    lines = price_service(on_site, modality=Modality.ON_SITE, minutes=70)
    assert [line.amount for line in lines] == [Decimal("60.00"), Decimal("12.00")]
    assert on_site.exemption_reason_in("nl").startswith("Vrijgesteld")
