"""Builders for the engine's plain data: a candidate who can do anything
anywhere on any day unless a test says otherwise, and a request for one hour
of Tigrinya on site in Ixelles."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from relais.matching.engine import BRUSSELS, Busy, Candidate, Demand
from relais.matching.travel import COMMUNE_CENTROIDS

ALL_MODALITIES = frozenset({"on_site", "video", "permanence", "phone"})
ALL_COMMUNES = frozenset(COMMUNE_CENTROIDS)
EVERY_DAY_ALL_DAY = tuple((weekday, time(0), time(23, 59)) for weekday in range(7))
WEEKDAYS_8_TO_20 = tuple((weekday, time(8), time(20)) for weekday in range(5))


def at(day: str, wall_time: str) -> datetime:
    """The UTC instant of a Brussels wall-clock time, as the query module
    stores them: what a requester means by "Monday 9:00"."""
    local = datetime.combine(date.fromisoformat(day), time.fromisoformat(wall_time), BRUSSELS)
    return local.astimezone(UTC)


def busy(day: str, start: str, end: str, commune: str | None = "Ixelles") -> Busy:
    return Busy(at(day, start), at(day, end), commune)


def candidate(interpreter_id: int = 1, **overrides) -> Candidate:
    fields = {
        "interpreter_id": interpreter_id,
        "languages": {"ti": "native"},
        "modalities": ALL_MODALITIES,
        "communes": ALL_COMMUNES,
        "windows": EVERY_DAY_ALL_DAY,
    }
    return Candidate(**(fields | overrides))


def demand(day: str = "2026-06-08", wall_time: str = "09:00", **overrides) -> Demand:
    fields = {
        "language": "ti",
        "modality": "on_site",
        "start": at(day, wall_time),
        "duration": timedelta(hours=1),
        "commune": "Ixelles",
    }
    return Demand(**(fields | overrides))


def with_busy(who: Candidate, *entries: Busy) -> Candidate:
    return replace(who, busy=who.busy + entries)
