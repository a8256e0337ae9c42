"""Infos et statistiques: the figures of a period, from one grouped query.

The requests of the period are counted once, grouped by month, language, type,
billing code, status and lateness; every table of the page (per month, per
language, per type, per billing code, unmet demand) is a pivot of those groups
in Python. So the page costs the same few queries whatever the number of rows,
and every table adds up to the same totals.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.bookings.models import Booking
from relais.interpreters.models import Language, Modality
from relais.organisations.models import BillingCode

from .queries import local_midnight

# Requests that got an interpreter, whatever happened after.
FULFILLED = frozenset(
    {
        Booking.Status.CONFIRMED,
        Booking.Status.PERFORMED,
        Booking.Status.VALIDATED,
        Booking.Status.INVOICED,
    }
)
# The demand the service could not meet (or not yet): what recruitment answers.
UNMET = frozenset({Booking.Status.UNFILLED, Booking.Status.WAITLISTED})


@dataclass
class Tally:
    """The counts of one row of a table (a month, a language, a type, …)."""

    label: str = ""
    requests: int = 0
    fulfilled: int = 0
    unfilled: int = 0
    waiting: int = 0
    cancelled: int = 0
    late_cancelled: int = 0
    minutes: int = 0
    lead: timedelta = field(default_factory=timedelta)

    def add(self, status: str, late: bool, count: int, minutes: int, lead: timedelta) -> None:
        self.requests += count
        self.lead += lead
        if status in FULFILLED:
            self.fulfilled += count
            self.minutes += minutes
        elif status == Booking.Status.UNFILLED:
            self.unfilled += count
        elif status == Booking.Status.WAITLISTED:
            self.waiting += count
        elif status == Booking.Status.CANCELLED:
            if late:
                self.late_cancelled += count
            else:
                self.cancelled += count

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def fulfilment(self) -> float | None:
        """Share of the decided requests that got an interpreter (confirmed vs unfilled)."""
        decided = self.fulfilled + self.unfilled
        return self.fulfilled / decided if decided else None

    @property
    def lead_days(self) -> float | None:
        """Average days between the request and the service."""
        if not self.requests:
            return None
        return round(self.lead.total_seconds() / 86400 / self.requests, 1)


@dataclass
class Figures:
    months: list[date]
    total: Tally
    by_month: list[Tally]
    by_language: list[Tally]
    by_type: list[Tally]
    by_billing_code: list[Tally]
    # (language, counts per month, total), largest total first.
    unmet: list[tuple[str, list[int], int]]


def month_starts(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def compute(requests, *, first: date, last: date) -> Figures:
    """The figures of the requests whose service falls in the months first…last."""
    months = month_starts(first, last)
    after = (months[-1] + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    groups = (
        requests.exclude(status=Booking.Status.DRAFT)
        .filter(
            start__gte=local_midnight(months[0]),
            start__lt=local_midnight(after),
        )
        .order_by()
        .values(
            "language_id",
            "modality",
            "billing_code_id",
            "status",
            "late_cancellation",
            month=TruncMonth("start", tzinfo=tz),
        )
        .annotate(
            n=Count("pk"),
            minutes=Sum("duration_minutes"),
            lead=Sum(
                ExpressionWrapper(F("start") - F("submitted_at"), output_field=DurationField())
            ),
        )
    )
    total = Tally(_("Total"))
    by_month = {month: Tally() for month in months}
    by_language: dict[int, Tally] = defaultdict(Tally)
    by_type: dict[str, Tally] = defaultdict(Tally)
    by_code: dict[int, Tally] = defaultdict(Tally)
    unmet: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for group in groups:
        month = _as_date(group["month"])
        values = (
            group["status"],
            group["late_cancellation"],
            group["n"],
            group["minutes"] or 0,
            group["lead"] or timedelta(),
        )
        for tally in (
            total,
            by_month[month],
            by_language[group["language_id"]],
            by_type[group["modality"]],
            by_code[group["billing_code_id"]],
        ):
            tally.add(*values)
        if group["status"] in UNMET:
            unmet[group["language_id"]][month] += group["n"]
    languages = {
        language.pk: language.name for language in Language.objects.filter(pk__in=by_language)
    }
    codes = {
        code.pk: f"{code.code} — {code.label}"
        for code in BillingCode.objects.filter(pk__in=by_code)
    }
    for month, tally in by_month.items():
        tally.label = month.isoformat()
    for pk, tally in by_language.items():
        tally.label = languages.get(pk, "—")
    for modality, tally in by_type.items():
        tally.label = str(Modality(modality).label) if modality in Modality.values else modality
    for pk, tally in by_code.items():
        tally.label = codes.get(pk, "—")

    def largest_first(tallies):
        return sorted(tallies, key=lambda tally: (-tally.requests, tally.label))

    unmet_rows = [
        (languages.get(pk, "—"), [per_month[m] for m in months], sum(per_month.values()))
        for pk, per_month in unmet.items()
    ]
    return Figures(
        months=months,
        total=total,
        by_month=list(by_month.values()),
        by_language=largest_first(by_language.values()),
        by_type=largest_first(by_type.values()),
        by_billing_code=largest_first(by_code.values()),
        unmet=sorted(unmet_rows, key=lambda row: (-row[2], row[0])),
    )


def _as_date(value) -> date:
    # TruncMonth gives an aware datetime (or a date on some backends).
    return value.date() if hasattr(value, "date") else value
