"""What a service costs: the minimum, started increments, exact boundaries,
travel, standing shifts, late cancellations, and the VAT of a document."""

from datetime import date
from decimal import Decimal

import pytest

from relais.interpreters.models import Modality
from relais.invoicing.models import InvoiceLine, VatCategory
from relais.invoicing.pricing import (
    billed_minutes,
    price_late_cancellation,
    price_service,
    tariff_on,
    totals,
)
from tests.invoicing.helpers import EXEMPT, tariff

D = Decimal
Kind = InvoiceLine.Kind


@pytest.mark.parametrize(
    ("minutes", "billed"),
    [
        (0, 0),  # nothing done, nothing billed
        (1, 60),
        (45, 60),
        (60, 60),  # exactly the minimum
        (61, 75),  # a quarter hour started
        (75, 75),  # exactly a quarter hour
        (76, 90),
        (80, 90),
        (119, 120),
        (120, 120),
        (121, 135),
    ],
)
def test_at_least_an_hour_then_per_started_quarter_hour(minutes, billed):
    assert billed_minutes(minutes, minimum=60, increment=15) == billed


@pytest.mark.parametrize(
    ("minutes", "minimum", "increment", "billed"),
    [
        (10, 15, 15, 15),  # phone: at least 15 minutes
        (16, 15, 15, 30),
        (7, 0, 1, 7),  # per minute
        (21, 20, 15, 35),  # a minimum that is no multiple of the increment
        (61, 60, 30, 90),  # per started half hour
    ],
)
def test_other_minimums_and_increments(minutes, minimum, increment, billed):
    assert billed_minutes(minutes, minimum=minimum, increment=increment) == billed


def test_an_on_site_service_has_its_time_and_its_travel():
    lines = price_service(tariff(), modality=Modality.ON_SITE, minutes=80)
    service, travel = lines
    assert (service.kind, service.quantity, service.unit) == (Kind.SERVICE, D("1.5000"), "HUR")
    assert (service.unit_price, service.amount) == (D("50.00"), D("75.00"))
    assert service.billed_minutes == 90
    assert (travel.kind, travel.quantity, travel.unit, travel.amount) == (
        Kind.TRAVEL, D("1"), "C62", D("10.00")
    )  # fmt: skip
    assert {line.vat_category for line in lines} == {"E"}
    assert service.vat_exemption_reason == EXEMPT


def test_no_travel_for_remote_work():
    lines = price_service(
        tariff(Modality.VIDEO, minimum_minutes=30), modality=Modality.VIDEO, minutes=40
    )
    assert [(line.kind, line.amount) for line in lines] == [(Kind.SERVICE, D("37.50"))]


def test_an_odd_increment_is_priced_from_exact_hours():
    # 20 minutes is a third of an hour: the amount is a third of the rate, rounded half up.
    lines = price_service(
        tariff(minimum_minutes=0, increment_minutes=20, hourly_rate=D("55.55"), travel_fee=D(0)),
        modality=Modality.ON_SITE,
        minutes=20,
    )
    assert lines[0].quantity == D("0.3333")
    assert lines[0].amount == D("18.52")  # 18.5166… → 18.52


def test_rounding_is_half_up_to_the_cent():
    # 15 minutes at 50.10 €/h = 12.525 €: half up gives 12.53 (banker's rounding would give 12.52).
    lines = price_service(
        tariff(minimum_minutes=0, hourly_rate=D("50.10"), travel_fee=D(0)),
        modality=Modality.ON_SITE,
        minutes=15,
    )
    assert lines[0].amount == D("12.53")


def test_a_standing_shift_per_shift_and_per_service():
    shift_tariff = tariff(
        Modality.PERMANENCE,
        hourly_rate=D(0),
        shift_rate=D("120.00"),
        shift_service_rate=D("15.00"),
    )
    lines = price_service(shift_tariff, modality=Modality.PERMANENCE, minutes=180, services_count=4)
    assert [(line.kind, line.quantity, line.amount) for line in lines] == [
        (Kind.SHIFT, D("1"), D("120.00")),
        (Kind.SHIFT_SERVICES, D("4"), D("60.00")),
    ]
    # Nobody came: the shift alone.
    lines = price_service(shift_tariff, modality=Modality.PERMANENCE, minutes=180, services_count=0)
    assert [line.kind for line in lines] == [Kind.SHIFT]


def test_a_standing_shift_with_no_price_is_accounted_for_at_zero():
    free = tariff(Modality.PERMANENCE, hourly_rate=D(0), travel_fee=D(0))
    lines = price_service(free, modality=Modality.PERMANENCE, minutes=120, services_count=2)
    assert [(line.kind, line.amount) for line in lines] == [(Kind.SHIFT, D("0.00"))]


def test_a_standing_shift_per_hour():
    lines = price_service(
        tariff(Modality.PERMANENCE, minimum_minutes=120),
        modality=Modality.PERMANENCE,
        minutes=130,
        services_count=3,
    )
    assert [(line.kind, line.billed_minutes, line.amount) for line in lines] == [
        (Kind.SERVICE, 135, D("112.50"))
    ]


def test_a_late_cancellation_is_one_line():
    (line,) = price_late_cancellation(tariff(late_cancellation_charge=D("45.00")))
    assert (line.kind, line.quantity, line.amount) == (Kind.LATE_CANCELLATION, D("1"), D("45.00"))


def test_totals_exempt_and_standard_rated():
    exempt = price_service(tariff(), modality=Modality.ON_SITE, minutes=60)
    taxed = price_service(
        tariff(
            vat_category=VatCategory.STANDARD,
            vat_rate=D("21"),
            vat_exemption_reason="",
            vat_exemption_reason_nl="",
        ),
        modality=Modality.ON_SITE,
        minutes=75,
    )
    result = totals(exempt + taxed)
    assert result.excl_vat == D("60.00") + D("72.50")
    # 21 % of 72.50 = 15.225 → 15.23, computed on the category's sum.
    assert result.vat == D("15.23")
    assert result.incl_vat == D("147.73")
    assert [(s.vat_category, s.taxable_amount, s.vat_amount) for s in result.vat_subtotals] == [
        ("E", D("60.00"), D("0.00")),
        ("S", D("72.50"), D("15.23")),
    ]
    assert result.vat_subtotals[0].exemption_reason == EXEMPT


def test_vat_is_rounded_on_the_sum_not_per_line():
    taxed = tariff(
        vat_category=VatCategory.STANDARD,
        vat_rate=D("21"),
        vat_exemption_reason="",
        vat_exemption_reason_nl="",
        minimum_minutes=0,
        hourly_rate=D("0.10"),
        travel_fee=D(0),
    )
    # Three lines of 0.03 €: 21 % of each is 0.0063 (0.01 each, 0.03 in all);
    # of their sum 0.09, 0.0189 → 0.02.
    lines = [price_service(taxed, modality=Modality.ON_SITE, minutes=15)[0] for _ in range(3)]
    assert [line.amount for line in lines] == [D("0.03")] * 3
    assert totals(lines).vat == D("0.02")


def test_the_tariff_valid_on_the_day():
    old = tariff(valid_from=date(2029, 1, 1), valid_until=date(2030, 3, 31))
    new = tariff(valid_from=date(2030, 4, 1), hourly_rate=D("55.00"))
    assert tariff_on([old, new], Modality.ON_SITE, date(2030, 3, 31)) is old
    assert tariff_on([old, new], Modality.ON_SITE, date(2030, 4, 1)) is new
    assert tariff_on([old, new], Modality.ON_SITE, date(2028, 12, 31)) is None
    assert tariff_on([old, new], Modality.VIDEO, date(2030, 4, 1)) is None
