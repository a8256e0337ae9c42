"""What a service costs: pure functions over a tariff and plain numbers, in
Decimal, rounded half up to the cent (no database, no clock).

Billing rules (DESIGN.md, rules of the trade): a recorded duration is billed
at least the tariff's minimum, then per started increment beyond it ("at
least one hour, then per started quarter hour"); travel is billed per on-site
service; a standing shift is billed per hour, per shift and/or per service
performed during it, as its tariff says (each non-zero rate makes a line); a
late cancellation is one line at the tariff's charge.

The VAT of a document is computed per category and rate on the sum of its
lines, then rounded (EN 16931, BR-CO-17), never line by line.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from relais.interpreters.models import Modality

from .models import InvoiceLine, Tariff

CENT = Decimal("0.01")
QUANTITY = Decimal("0.0001")
ZERO = Decimal("0.00")
ONE = Decimal("1")
Kind = InvoiceLine.Kind
Unit = InvoiceLine.Unit


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PricedLine:
    kind: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    vat_category: str
    vat_rate: Decimal
    vat_exemption_reason: str = ""
    billed_minutes: int | None = None


@dataclass(frozen=True)
class VatSubtotal:
    vat_category: str
    vat_rate: Decimal
    taxable_amount: Decimal
    vat_amount: Decimal
    exemption_reason: str = ""


@dataclass(frozen=True)
class Totals:
    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal
    vat_subtotals: tuple[VatSubtotal, ...]


def tariff_on(tariffs: Iterable[Tariff], modality: str, day: date) -> Tariff | None:
    """The tariff of this type of service valid on that day, if any."""
    for tariff in tariffs:
        if tariff.modality == modality and tariff.applies_on(day):
            return tariff
    return None


def billed_minutes(minutes: int, *, minimum: int, increment: int) -> int:
    """The minimum, then each started increment beyond it; nothing for no time at all."""
    if minutes <= 0:
        return 0
    if minutes <= minimum:
        return minimum
    beyond = minutes - minimum
    started = -(-beyond // increment)  # ceiling division
    return minimum + started * increment


def _line(tariff: Tariff, kind: str, quantity: Decimal, unit: str, price: Decimal, **extra):
    return PricedLine(
        kind=kind,
        quantity=quantity,
        unit=unit,
        unit_price=money(price),
        amount=money(quantity * price),
        vat_category=tariff.vat_category,
        vat_rate=tariff.vat_rate,
        vat_exemption_reason=tariff.vat_exemption_reason,
        **extra,
    )


def _hours_line(tariff: Tariff, minutes: int, kind: str) -> PricedLine:
    billed = billed_minutes(
        minutes, minimum=tariff.minimum_minutes, increment=tariff.increment_minutes
    )
    exact_hours = Decimal(billed) / 60
    return PricedLine(
        kind=kind,
        quantity=exact_hours.quantize(QUANTITY, rounding=ROUND_HALF_UP),
        unit=Unit.HOUR,
        unit_price=money(tariff.hourly_rate),
        # From the exact hours, not the rounded quantity: 20 minutes are a third of the rate.
        amount=money(exact_hours * tariff.hourly_rate),
        vat_category=tariff.vat_category,
        vat_rate=tariff.vat_rate,
        vat_exemption_reason=tariff.vat_exemption_reason,
        billed_minutes=billed,
    )


def price_service(
    tariff: Tariff, *, modality: str, minutes: int, services_count: int | None = None
) -> list[PricedLine]:
    """The lines of a validated service: its time; travel when on site; for a
    standing shift, the shift and the services performed during it."""
    if modality != Modality.PERMANENCE:
        lines = [_hours_line(tariff, minutes, Kind.SERVICE)]
        if modality == Modality.ON_SITE and tariff.travel_fee > 0 and minutes > 0:
            lines.append(_line(tariff, Kind.TRAVEL, ONE, Unit.ITEM, tariff.travel_fee))
        return lines
    lines = []
    if tariff.hourly_rate > 0:
        lines.append(_hours_line(tariff, minutes, Kind.SERVICE))
    if tariff.shift_rate > 0:
        lines.append(_line(tariff, Kind.SHIFT, ONE, Unit.ITEM, tariff.shift_rate))
    if tariff.shift_service_rate > 0 and services_count:
        lines.append(
            _line(
                tariff,
                Kind.SHIFT_SERVICES,
                Decimal(services_count),
                Unit.ITEM,
                tariff.shift_service_rate,
            )
        )
    if not lines:
        # A tariff with no price for this shift still accounts for it, at zero.
        lines.append(_line(tariff, Kind.SHIFT, ONE, Unit.ITEM, ZERO))
    return lines


def price_late_cancellation(tariff: Tariff) -> list[PricedLine]:
    return [_line(tariff, Kind.LATE_CANCELLATION, ONE, Unit.ITEM, tariff.late_cancellation_charge)]


def totals(lines: Sequence) -> Totals:
    """Totals and VAT breakdown of lines having ``amount``, ``vat_category``,
    ``vat_rate`` (and, for the breakdown's text, ``vat_exemption_reason``)."""
    groups: dict[tuple[str, Decimal], list] = {}
    for line in lines:
        groups.setdefault((line.vat_category, Decimal(line.vat_rate)), []).append(line)
    subtotals = []
    for (category, rate), members in sorted(groups.items()):
        taxable = money(sum((Decimal(line.amount) for line in members), ZERO))
        reason = next(
            (r for r in (getattr(line, "vat_exemption_reason", "") for line in members) if r), ""
        )
        subtotals.append(
            VatSubtotal(
                vat_category=category,
                vat_rate=rate,
                taxable_amount=taxable,
                vat_amount=money(taxable * rate / 100),
                exemption_reason=reason,
            )
        )
    excl = money(sum((s.taxable_amount for s in subtotals), ZERO))
    vat = money(sum((s.vat_amount for s in subtotals), ZERO))
    return Totals(excl_vat=excl, vat=vat, incl_vat=excl + vat, vat_subtotals=tuple(subtotals))
