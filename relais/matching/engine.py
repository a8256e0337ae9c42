"""The matching engine: which interpreters can take a service, and in what order.

Pure functions over frozen dataclasses (DESIGN.md, matching engine): no ORM, no
I/O, no clock. ``relais/matching/queries.py`` loads the interpreters of the
requested languages with their commitments around the slot and maps them to
``Candidate``; everything here is then plain arithmetic, so the same answer
comes out every time and the rules can be tested without a database.

Time: every instant is an aware datetime, compared and shifted in UTC. The
interpreters' weekly windows, their absences and the "per day" limit are about
the Brussels calendar, so instants are converted to Europe/Brussels only to
read a wall time or a date — never to add a duration to (across a DST change a
local ``+ timedelta`` is an hour off).
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from relais.matching.travel import MAX_TRAVEL_MINUTES, travel_minutes

BRUSSELS: Final = ZoneInfo("Europe/Brussels")

# The values of relais.interpreters.models.Modality, repeated here so that the
# engine never imports Django models.
ON_SITE: Final = "on_site"
VIDEO: Final = "video"
PERMANENCE: Final = "permanence"
PHONE: Final = "phone"
# Remote work happens wherever the interpreter is: no place, no travel.
REMOTE: Final = frozenset({VIDEO, PHONE})

# Interpreter levels, best first (relais.interpreters' InterpreterLanguage).
LEVELS: Final = ("native", "fluent", "working")

# Reason codes of a refusal, in the order constraints are checked.
EXCLUDED: Final = "excluded"
LANGUAGE: Final = "language"
MODALITY: Final = "modality"
COMMUNE: Final = "commune"
WINDOW: Final = "window"
ABSENCE: Final = "absence"
MAX_HOURS: Final = "max_hours"
OVERLAP: Final = "overlap"
TRAVEL: Final = "travel"
# Refusals that say "busy then", as opposed to "never for this kind of request".
BOOKED: Final = frozenset({OVERLAP, TRAVEL})


def _require_aware(name: str, value: datetime) -> None:
    # A naive datetime would be read as server-local time somewhere down the line.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


def whole_minutes(delta: timedelta) -> int:
    """A duration in whole minutes, the unit of daily limits and fairness."""
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class Demand:
    """What a request asks for, as the engine needs it.

    ``commune`` is the French name of the commune of the place of service
    (relais.organisations.communes), None for remote work; a place outside
    Brussels gets the name of its own municipality, which no interpreter serves
    and which travel estimates conservatively.
    """

    language: str
    modality: str
    start: datetime
    duration: timedelta
    commune: str | None = None
    alt_language: str | None = None
    alt_start: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("start", self.start)
        if self.alt_start is not None:
            _require_aware("alt_start", self.alt_start)
        if self.duration <= timedelta(0):
            raise ValueError("duration must be positive")

    @property
    def place(self) -> str | None:
        """The commune the interpreter has to go to; None when nobody travels."""
        return None if self.modality in REMOTE else self.commune


@dataclass(frozen=True)
class Busy:
    """A hold or confirmed assignment of the interpreter: time taken, and where."""

    start: datetime
    end: datetime
    commune: str | None = None

    def __post_init__(self) -> None:
        _require_aware("start", self.start)
        _require_aware("end", self.end)


Window = tuple[int, time, time]  # weekday (0 = Monday), local start, local end
Absence = tuple[date, date]  # first and last local day, inclusive


@lru_cache(maxsize=4096)
def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Brussels day's bounds in UTC, from its own local midnights, so that a
    DST day is 23 or 25 hours long, as it should be. Cached: the engine asks
    for the same few days thousands of times per analysis."""
    return (
        datetime.combine(day, time(0), BRUSSELS).astimezone(UTC),
        datetime.combine(day + timedelta(days=1), time(0), BRUSSELS).astimezone(UTC),
    )


def _local_days(start: datetime, end: datetime) -> Iterator[tuple[date, datetime, datetime]]:
    """Each Brussels calendar day touched by [start, end), with its bounds in UTC."""
    day = start.astimezone(BRUSSELS).date()
    last = (end - timedelta(microseconds=1)).astimezone(BRUSSELS).date()
    while day <= last:
        yield (day, *_day_bounds(day))
        day += timedelta(days=1)


@dataclass(frozen=True)
class Candidate:
    """An interpreter as the engine sees them.

    ``languages`` maps a language code to a level ("native", "fluent",
    "working"); ``busy`` holds the holds and confirmed assignments around the
    slots being considered (the query module bounds them by time);
    ``recent_minutes`` is the work of the last 4 weeks, for fairness;
    ``excluded`` is a coordinator's exclusion for this request.
    ``max_minutes_per_day`` None means no daily limit.
    """

    interpreter_id: int
    languages: Mapping[str, str]
    modalities: frozenset[str]
    communes: frozenset[str] = frozenset()
    windows: tuple[Window, ...] = ()
    absences: tuple[Absence, ...] = ()
    max_minutes_per_day: int | None = None
    busy: tuple[Busy, ...] = ()
    recent_minutes: int = 0
    excluded: bool = False
    # Indexes built once per candidate, so that a check only looks at the
    # commitments of the days around the slot (many slots are checked per
    # analysis): busy entries and minutes already worked, by Brussels day.
    _busy_by_day: dict[date, tuple[Busy, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _minutes_by_day: dict[date, int] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_day: dict[date, list[Busy]] = {}
        minutes: dict[date, int] = {}
        for busy in sorted(self.busy, key=lambda b: (b.start, b.end)):
            for day, day_start, day_end in _local_days(busy.start, busy.end):
                by_day.setdefault(day, []).append(busy)
                inside = min(busy.end, day_end) - max(busy.start, day_start)
                minutes[day] = minutes.get(day, 0) + whole_minutes(inside)
        object.__setattr__(self, "_busy_by_day", {d: tuple(b) for d, b in by_day.items()})
        object.__setattr__(self, "_minutes_by_day", minutes)

    def busy_on(self, day: date) -> tuple[Busy, ...]:
        """Commitments touching a Brussels calendar day, by start time."""
        return self._busy_by_day.get(day, ())

    def minutes_on(self, day: date) -> int:
        """Minutes of commitments falling inside a Brussels calendar day."""
        return self._minutes_by_day.get(day, 0)

    def busy_near(self, start: datetime, end: datetime) -> tuple[Busy, ...]:
        """Commitments that could clash with [start, end), travel included."""
        margin = timedelta(minutes=MAX_TRAVEL_MINUTES)
        seen: dict[int, Busy] = {}
        for day, _, _ in _local_days(start - margin, end + margin):
            for busy in self.busy_on(day):
                seen.setdefault(id(busy), busy)
        return tuple(seen.values())


@dataclass(frozen=True)
class Reason:
    """Why a candidate can't take a service: a code of this module, with the
    commitment in the way and the travel minutes needed where that applies."""

    code: str
    busy: Busy | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class Verdict:
    """The answer of ``check``: every constraint that fails, not just the first,
    so that "why" can count interpreters per reason."""

    reasons: tuple[Reason, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(reason.code for reason in self.reasons)


def _in_a_window(candidate: Candidate, start: datetime, end: datetime) -> bool:
    # The whole service fits in one weekly window, read on the Brussels wall
    # clock: a window 9:00-12:00 means 9:00-12:00 in winter and in summer.
    local_start = start.astimezone(BRUSSELS)
    local_end = end.astimezone(BRUSSELS)
    if local_start.date() != local_end.date():
        return False  # windows lie within one day
    weekday = local_start.weekday()
    begins, ends = local_start.time(), local_end.time()
    return any(
        day == weekday and opens <= begins and ends <= closes
        for day, opens, closes in candidate.windows
    )


def _absent(candidate: Candidate, start: datetime, end: datetime) -> bool:
    # Absences are whole Brussels days: a service at 0:30 local on the first
    # day of a holiday (still the evening before in UTC) is inside it.
    days = [day for day, _, _ in _local_days(start, end)]
    return any(first <= day <= last for first, last in candidate.absences for day in days)


def _clash(busy: Busy, start: datetime, end: datetime, place: str | None) -> Reason | None:
    """Whether a commitment leaves no room for [start, end) at ``place``.

    Between two on-site services the gap must cover the travel from one place
    to the other; remote work on either side needs no gap, only no overlap.
    """
    if busy.start < end and start < busy.end:
        return Reason(OVERLAP, busy=busy)
    gap = travel_minutes(busy.commune, place)
    if gap:
        margin = timedelta(minutes=gap)
        if busy.start < end + margin and start < busy.end + margin:
            return Reason(TRAVEL, busy=busy, minutes=gap)
    return None


def check(
    candidate: Candidate,
    demand: Demand,
    *,
    language: str | None = None,
    start: datetime | None = None,
) -> Verdict:
    """Whether ``candidate`` can take ``demand`` in ``language`` at ``start``.

    ``language`` and ``start`` default to the demand's own; the analysis passes
    others to try the alternative language or other slots without building a
    new demand each time. Checks every hard constraint of DESIGN.md and
    returns all those that fail.
    """
    language = demand.language if language is None else language
    start = demand.start if start is None else start
    _require_aware("start", start)
    end = start + demand.duration  # UTC arithmetic on an aware instant
    place = demand.place
    reasons: list[Reason] = []

    if candidate.excluded:
        reasons.append(Reason(EXCLUDED))
    if language not in candidate.languages:
        reasons.append(Reason(LANGUAGE))
    if demand.modality not in candidate.modalities:
        reasons.append(Reason(MODALITY))
    if demand.modality not in REMOTE and demand.commune not in candidate.communes:
        reasons.append(Reason(COMMUNE))
    if not _in_a_window(candidate, start, end):
        reasons.append(Reason(WINDOW))
    if _absent(candidate, start, end):
        reasons.append(Reason(ABSENCE))
    if candidate.max_minutes_per_day is not None:
        # "Per day" is the Brussels day the service starts on; only the
        # commitments of that day count.
        day = start.astimezone(BRUSSELS).date()
        total = candidate.minutes_on(day) + whole_minutes(demand.duration)
        if total > candidate.max_minutes_per_day:
            reasons.append(Reason(MAX_HOURS, minutes=total))
    for busy in candidate.busy_near(start, end):
        clash = _clash(busy, start, end, place)
        if clash is not None:
            reasons.append(clash)
    return Verdict(tuple(reasons))


@dataclass(frozen=True)
class Explanation:
    """One reason a candidate was chosen, for the coordinators' list.

    Structured so that the interface phrases it in the reader's language;
    ``str()`` gives the English wording for logs and tests.
    """

    code: str  # "speaks", "recent_minutes" or "travel"
    language: str | None = None
    level: str | None = None
    minutes: int | None = None

    def __str__(self) -> str:
        if self.code == "speaks":
            return f"speaks {self.language} ({self.level})"
        if self.code == "recent_minutes":
            return f"fewest hours in the last 4 weeks: {self.minutes}"
        return f"travel {self.minutes} min"


@dataclass(frozen=True)
class Match:
    """A candidate who can take the service, with what it is ranked by."""

    interpreter_id: int
    language: str
    level: str
    primary: bool  # in the requested language, not the alternative one
    recent_minutes: int
    travel_minutes: int
    explanation: tuple[Explanation, ...]


def travel_from_previous(candidate: Candidate, demand: Demand, start: datetime) -> int:
    """Minutes from the interpreter's last on-site service earlier that day.

    0 for remote work or when the day has nothing before: the interpreter then
    comes from home, which we don't know and don't rank by.
    """
    place = demand.place
    if place is None:
        return 0
    day = start.astimezone(BRUSSELS).date()
    previous = [b for b in candidate.busy_on(day) if b.end <= start and b.commune is not None]
    if not previous:
        return 0
    return travel_minutes(max(previous, key=lambda b: b.end).commune, place)


def _match(candidate: Candidate, demand: Demand, language: str, primary: bool) -> Match:
    level = candidate.languages[language]
    travel = travel_from_previous(candidate, demand, demand.start)
    explanation = [
        Explanation("speaks", language=language, level=level),
        Explanation("recent_minutes", minutes=candidate.recent_minutes),
    ]
    if demand.place is not None:
        explanation.append(Explanation("travel", minutes=travel))
    return Match(
        interpreter_id=candidate.interpreter_id,
        language=language,
        level=level,
        primary=primary,
        recent_minutes=candidate.recent_minutes,
        travel_minutes=travel,
        explanation=tuple(explanation),
    )


def rank(candidates: Iterable[Candidate], demand: Demand) -> list[Match]:
    """The candidates who can take ``demand`` at its start, best first.

    Order (DESIGN.md, ranking): the requested language before the alternative
    one, then fairness (fewest minutes worked in the last 4 weeks), then the
    shortest travel from the previous place, then the interpreter id so that
    equal candidates always come out in the same order. A candidate appears
    once, in the requested language when they can, else in the alternative.
    """
    matches: list[Match] = []
    for candidate in candidates:
        if check(candidate, demand).ok:
            matches.append(_match(candidate, demand, demand.language, primary=True))
        elif (
            demand.alt_language is not None
            and check(candidate, demand, language=demand.alt_language).ok
        ):
            matches.append(_match(candidate, demand, demand.alt_language, primary=False))
    matches.sort(
        key=lambda m: (not m.primary, m.recent_minutes, m.travel_minutes, m.interpreter_id)
    )
    return matches
