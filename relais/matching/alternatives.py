"""The availability analysis: is somebody free, and if not, why and what instead.

The seed's "le logiciel va analyser votre demande pour ensuite vous informer
sur les possibilités" and "Indisponibilité pour la nouvelle demande": when
nobody can take the request as asked, the requester gets the reason and a
short list of changes that would work, or keeps the request on the waiting
list ("Continuer sans interprète").

Each alternative changes exactly one thing of the request and keeps the rest
as asked (in particular the requested language, except for the
alternative-language option itself), so the requester knows what they agree
to by picking it; ``apply_alternative`` gives the demand it stands for.
"""

from collections.abc import Container, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Final

import holidays

from relais.matching.engine import (
    BOOKED,
    BRUSSELS,
    ON_SITE,
    PHONE,
    REMOTE,
    VIDEO,
    Candidate,
    Demand,
    Match,
    check,
    rank,
    whole_minutes,
)
from relais.matching.travel import travel_minutes

# Rules of the trade (DESIGN.md), meant to become settings: services are booked
# on working days (Monday-Friday, Belgian public holidays closed) 8:00-20:00.
OPENING_DAYS: Final = frozenset({0, 1, 2, 3, 4})
OPENING_START: Final = time(8, 0)
OPENING_END: Final = time(20, 0)
HOLIDAY_COUNTRY: Final = "BE"

# The nearest-slots search: quarter-hour steps, at most this many slots, no
# further than this many days after the requested day. Bounded so that an
# analysis costs the same whatever happens to be booked.
SLOT_STEP: Final = timedelta(minutes=15)
SLOTS_WANTED: Final = 5
SEARCH_DAYS: Final = 7

# Kinds of alternative, in the order they are offered.
ALT_DATE: Final = "alt_date"
SLOT: Final = "slot"
ALT_LANGUAGE: Final = "alt_language"
REMOTE_MODALITY: Final = "remote"
WAITLIST: Final = "waitlist"

# Remote modalities offered instead of on-site work, preferred first: video
# keeps the faces, phone is the last resort.
REMOTE_ORDER: Final = (VIDEO, PHONE)


@dataclass(frozen=True)
class Opening:
    """When services can be booked: weekdays (0 = Monday), local hours, closed dates."""

    days: frozenset[int]
    start: time
    end: time
    holidays: Container[date]

    def is_open_on(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """Opening and closing of a Brussels day, as UTC instants."""
        return (
            datetime.combine(day, self.start, BRUSSELS).astimezone(UTC),
            datetime.combine(day, self.end, BRUSSELS).astimezone(UTC),
        )

    def allows(self, start: datetime, end: datetime) -> bool:
        """Whether a service from ``start`` to ``end`` lies within one open day."""
        day = start.astimezone(BRUSSELS).date()
        if not self.is_open_on(day):
            return False
        opens, closes = self.bounds(day)
        return opens <= start and end <= closes


@cache
def default_opening() -> Opening:
    """The opening of the rules of the trade. Cached: the holiday calendar fills
    itself year by year as dates are asked, and is the same for everyone."""
    return Opening(
        days=OPENING_DAYS,
        start=OPENING_START,
        end=OPENING_END,
        holidays=holidays.country_holidays(HOLIDAY_COUNTRY),
    )


@dataclass(frozen=True)
class Alternative:
    """A change to the request that somebody could take on.

    ``start`` is a UTC instant; ``free_count`` is how many interpreters are free
    for it (0 for the waiting list, which needs nobody).
    """

    kind: str
    start: datetime
    modality: str
    language: str
    free_count: int


@dataclass(frozen=True)
class WhyNot:
    """Why nobody can take the request as asked, as counts for the interface to
    phrase ("3 interpreters speak Tigrinya; all are booked from 9:00 to 11:00").

    ``speakers`` speak the requested language at all; ``refused`` counts them
    per reason code of the engine (one interpreter can count under several);
    ``booked`` of them already have a commitment in the way, spanning
    ``booked_from``-``booked_until`` (Brussels time, the union of those
    commitments), None when nobody is booked.
    """

    language: str
    speakers: int
    refused: dict[str, int]
    booked: int
    booked_from: datetime | None
    booked_until: datetime | None


@dataclass(frozen=True)
class Analysis:
    """The answer to a request: ranked matches when somebody is free (the
    requester only learns that someone is), else why not and the alternatives."""

    available: bool
    matches: tuple[Match, ...]
    why: WhyNot | None
    alternatives: tuple[Alternative, ...]


def apply_alternative(demand: Demand, alternative: Alternative) -> Demand:
    """The demand as changed by the alternative the requester picked.

    Picking the alternative language swaps the two languages: the beneficiary
    speaks both, and the first is still worth keeping as the fallback.
    """
    if alternative.kind == ALT_LANGUAGE:
        return replace(demand, language=alternative.language, alt_language=demand.language)
    if alternative.kind == REMOTE_MODALITY:
        return replace(demand, modality=alternative.modality, commune=None)
    return replace(demand, start=alternative.start)


def _free_count(
    candidates: Sequence[Candidate],
    demand: Demand,
    *,
    language: str | None = None,
    start: datetime | None = None,
) -> int:
    return sum(1 for c in candidates if check(c, demand, language=language, start=start).ok)


def _why(candidates: Sequence[Candidate], demand: Demand) -> WhyNot:
    speakers = [c for c in candidates if demand.language in c.languages]
    refused: dict[str, int] = {}
    booked = 0
    spans: list[tuple[datetime, datetime]] = []
    for candidate in speakers:
        verdict = check(candidate, demand)
        for code in sorted(verdict.codes):
            refused[code] = refused.get(code, 0) + 1
        blocking = [r.busy for r in verdict.reasons if r.code in BOOKED and r.busy is not None]
        if blocking:
            booked += 1
            spans.extend((busy.start, busy.end) for busy in blocking)
    return WhyNot(
        language=demand.language,
        speakers=len(speakers),
        refused=refused,
        booked=booked,
        booked_from=min(s for s, _ in spans).astimezone(BRUSSELS) if spans else None,
        booked_until=max(e for _, e in spans).astimezone(BRUSSELS) if spans else None,
    )


def _could_work_on(candidate: Candidate, demand: Demand, day: date) -> bool:
    """A cheap test, per day rather than per slot, of the constraints that
    don't depend on the time of day. Never false for somebody ``check`` would
    accept on that day; it only spares the slot loop hopeless candidates."""
    if candidate.excluded or demand.language not in candidate.languages:
        return False
    if demand.modality not in candidate.modalities:
        return False
    if demand.modality not in REMOTE and demand.commune not in candidate.communes:
        return False
    if not any(weekday == day.weekday() for weekday, _, _ in candidate.windows):
        return False
    return not any(first <= day <= last for first, last in candidate.absences)


def _day_grid(
    demand: Demand, opening: Opening, now: datetime, day: date, first_day: bool
) -> list[datetime]:
    """The starts to try on one day, nearest first: after the requested start on
    the requested day, from opening time on the others, in quarter-hour steps
    (UTC arithmetic), each ending by closing time and none in the past. An
    arithmetic progression, which ``_day_counts`` relies on."""
    opens, closes = opening.bounds(day)
    start = demand.start + SLOT_STEP if first_day else opens
    grid = []
    while start + demand.duration <= closes:
        if start >= opens and start >= now:
            grid.append(start)
        start += SLOT_STEP
    return grid


def _changes_clock(day: date) -> bool:
    """Whether Brussels changes between summer and winter time during ``day``."""
    midnight = datetime.combine(day, time(0), BRUSSELS)
    following = datetime.combine(day + timedelta(days=1), time(0), BRUSSELS)
    return midnight.utcoffset() != following.utcoffset()


def _ceil_index(instant: datetime, first: datetime) -> int:
    return -((first - instant) // SLOT_STEP)


def _floor_index(instant: datetime, first: datetime) -> int:
    return (instant - first) // SLOT_STEP


def _day_counts(
    pool: Sequence[Candidate], demand: Demand, day: date, grid: list[datetime]
) -> list[int]:
    """How many of ``pool`` are free at each start of ``grid``.

    The same answer as calling ``check`` per start and candidate (the property
    tests hold it to that), but computed per candidate as ranges of slot
    indexes: the starts a window allows, minus the starts a commitment forbids
    (``_clash``: closer than the travel gap). That keeps an analysis of a fully
    booked week in milliseconds. ``pool`` has passed ``_could_work_on``. On the
    two days a year the clocks change, wall times and UTC don't move together:
    ``check`` itself answers.
    """
    if _changes_clock(day):
        return [_free_count(pool, demand, start=start) for start in grid]
    size, first = len(grid), grid[0]
    duration, place = demand.duration, demand.place
    weekday = day.weekday()
    masks = []
    for candidate in pool:
        limit = candidate.max_minutes_per_day
        if limit is not None and candidate.minutes_on(day) + whole_minutes(duration) > limit:
            continue
        mask = bytearray(size)
        for window_day, opens, closes in candidate.windows:
            if window_day != weekday:
                continue
            lo = max(_ceil_index(datetime.combine(day, opens, BRUSSELS), first), 0)
            last_start = datetime.combine(day, closes, BRUSSELS) - duration
            hi = min(_floor_index(last_start, first), size - 1)
            if lo <= hi:
                mask[lo : hi + 1] = b"\x01" * (hi - lo + 1)
        for busy in candidate.busy_near(first, grid[-1] + duration):
            gap = timedelta(minutes=travel_minutes(busy.commune, place))
            # Forbidden: busy.start - gap - duration < start < busy.end + gap.
            lo = max(_floor_index(busy.start - gap - duration, first) + 1, 0)
            hi = min(_ceil_index(busy.end + gap, first) - 1, size - 1)
            if lo <= hi:
                mask[lo : hi + 1] = bytes(hi - lo + 1)
        masks.append(mask)
    if not masks:
        return [0] * size
    return [sum(column) for column in zip(*masks, strict=True)]


def nearest_slots(
    candidates: Sequence[Candidate], demand: Demand, *, opening: Opening, now: datetime
) -> list[Alternative]:
    """Up to ``SLOTS_WANTED`` free slots of the same duration after the requested
    start, nearest first, each with the number of free interpreters: later the
    same day, then the following open days, at most ``SEARCH_DAYS`` ahead."""
    found: list[Alternative] = []
    requested_day = demand.start.astimezone(BRUSSELS).date()
    for offset in range(SEARCH_DAYS + 1):
        day = requested_day + timedelta(days=offset)
        if not opening.is_open_on(day):
            continue
        grid = _day_grid(demand, opening, now, day, first_day=offset == 0)
        pool = [c for c in candidates if _could_work_on(c, demand, day)]
        if not grid or not pool:
            continue
        for start, count in zip(grid, _day_counts(pool, demand, day, grid), strict=True):
            if count:
                found.append(Alternative(SLOT, start, demand.modality, demand.language, count))
                if len(found) == SLOTS_WANTED:
                    return found
    return found


def find_alternatives(
    candidates: Sequence[Candidate], demand: Demand, *, opening: Opening, now: datetime
) -> list[Alternative]:
    """What the requester can choose when nobody is free as asked, in the order
    offered: the alternative date they gave, the nearest free slots, the
    alternative language, a remote modality, and always the waiting list."""
    alternatives: list[Alternative] = []
    language, modality = demand.language, demand.modality

    alt_start = demand.alt_start
    if (
        alt_start is not None
        and alt_start >= now
        and opening.allows(alt_start, alt_start + demand.duration)
    ):
        count = _free_count(candidates, demand, start=alt_start)
        if count:
            alternatives.append(Alternative(ALT_DATE, alt_start, modality, language, count))

    alternatives.extend(nearest_slots(candidates, demand, opening=opening, now=now))

    if demand.alt_language is not None and demand.alt_language != language:
        count = _free_count(candidates, demand, language=demand.alt_language)
        if count:
            alternatives.append(
                Alternative(ALT_LANGUAGE, demand.start, modality, demand.alt_language, count)
            )

    if modality == ON_SITE:
        for remote in REMOTE_ORDER:
            count = _free_count(candidates, replace(demand, modality=remote, commune=None))
            if count:
                alternatives.append(
                    Alternative(REMOTE_MODALITY, demand.start, remote, language, count)
                )

    alternatives.append(Alternative(WAITLIST, demand.start, modality, language, 0))
    return alternatives


def analyse(
    demand: Demand,
    candidates: Sequence[Candidate],
    *,
    opening: Opening | None = None,
    now: datetime,
) -> Analysis:
    """Tell the requester whether the request can be served as asked.

    Available means somebody is free at the requested slot in the requested
    language: the analysis then carries the ranked matches (alternative-language
    speakers included, after the others) for the hold and the coordinators.
    Otherwise it says why and lists the alternatives; the alternative language
    is one of them, so that the requester chooses it knowingly. ``now`` keeps
    the proposed slots in the future; ``opening`` defaults to the rules of the
    trade.
    """
    opening = default_opening() if opening is None else opening
    matches = rank(candidates, demand)
    if any(match.primary for match in matches):
        return Analysis(available=True, matches=tuple(matches), why=None, alternatives=())
    return Analysis(
        available=False,
        matches=(),
        why=_why(candidates, demand),
        alternatives=tuple(find_alternatives(candidates, demand, opening=opening, now=now)),
    )
