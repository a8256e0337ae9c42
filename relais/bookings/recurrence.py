"""The occurrences of a series of standing shifts (``BookingSeries``).

Recurrence is computed on the Brussels wall clock with python-dateutil's
``rrule`` ("every Tuesday at 9:00" stays at 9:00 across daylight-saving
changes) and each occurrence is then converted to a UTC instant. Days the
service is closed (weekends for the daily rhythm, Belgian public holidays for
all) are skipped and reported, never silently moved.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from dateutil.rrule import DAILY, FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule, weekday

from relais.matching.alternatives import Opening
from relais.matching.engine import BRUSSELS

# A series has at most this many occurrences (about a year of weekly shifts).
MAX_OCCURRENCES = 52
# The rrule is walked at most this far, so that "daily until 2099" stays cheap.
_WALK_LIMIT = 4 * MAX_OCCURRENCES
_WEEKDAYS = (MO, TU, WE, TH, FR)
_ALL_WEEKDAYS = (*_WEEKDAYS, SA, SU)
_RRULE_FREQUENCY = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}


@dataclass(frozen=True)
class Occurrences:
    """The starts of a series (UTC), the closed days skipped, and whether the
    series would have more than ``MAX_OCCURRENCES`` (then ``starts`` stops there)."""

    starts: tuple[datetime, ...]
    skipped: tuple[date, ...]
    too_many: bool


def _nth_weekday(day: date) -> weekday:
    """The weekday of ``day`` as "the n-th of the month"; the last one for a fifth."""
    nth = (day.day - 1) // 7 + 1
    return _ALL_WEEKDAYS[day.weekday()](nth if nth < 5 else -1)


def occurrences(first: datetime, frequency: str, until: date, opening: Opening) -> Occurrences:
    """Every start of the series from ``first`` (an aware instant, itself the
    first occurrence) up to and including the day ``until``."""
    local = first.astimezone(BRUSSELS).replace(tzinfo=None)
    options = {}
    if frequency == "daily":
        options["byweekday"] = _WEEKDAYS
    elif frequency == "monthly":
        options["byweekday"] = _nth_weekday(local.date())
    rule = rrule(
        _RRULE_FREQUENCY[frequency],
        dtstart=local,
        until=datetime.combine(until, time.max),
        **options,
    )
    starts: list[datetime] = []
    skipped: list[date] = []
    for index, wall in enumerate(rule):
        if index >= _WALK_LIMIT or len(starts) > MAX_OCCURRENCES:
            break
        if not opening.is_open_on(wall.date()):
            skipped.append(wall.date())
            continue
        starts.append(wall.replace(tzinfo=BRUSSELS).astimezone(UTC))
    too_many = len(starts) > MAX_OCCURRENCES
    return Occurrences(tuple(starts[:MAX_OCCURRENCES]), tuple(skipped), too_many)
