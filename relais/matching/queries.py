"""The one module of bounded queries that feeds the matching engine.

``load_candidates`` reads, in a fixed number of queries whatever the size of
the history (five), the interpreters who speak the requested or alternative
language, with what the engine needs of them around the request: their weekly
windows, the absences and active assignments (holds and confirmed) of the days
the analysis looks at, and their minutes over the last four weeks. Every query
is bounded by the candidate set and the time window, and served by an index
(``assignment_active_calendar``, ``Absence`` by profile and last day).
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import F, Q, Sum
from django.utils import timezone

from relais.bookings.models import MAX_DURATION_MINUTES, Assignment, Booking, BookingEvent
from relais.interpreters.models import Absence, AvailabilityWindow, InterpreterLanguage
from relais.matching.alternatives import SEARCH_DAYS, Analysis, analyse
from relais.matching.engine import BRUSSELS, REMOTE, Busy, Candidate, Demand
from relais.matching.travel import MAX_TRAVEL_MINUTES
from relais.organisations.communes import commune_for_postcode

# Fairness counts the work of the last four weeks (DESIGN.md, ranking).
FAIRNESS_PERIOD = timedelta(weeks=4)
# No service lasts longer (bookings.models): an assignment that ends after an
# instant starts less than this before it. The lower bound keeps the calendar
# query an index range of the horizon, not of the whole history.
LONGEST_SERVICE = timedelta(minutes=MAX_DURATION_MINUTES)


def commune_of(modality: str, postcode: str | None, commune: str | None) -> str | None:
    """The commune the engine knows a place by: its French Brussels name from the
    postcode, else the municipality as entered (outside Brussels); None when
    nobody travels."""
    if modality in REMOTE or postcode is None:
        return None
    return commune_for_postcode(postcode, "fr") or commune or None


def demand_for_booking(booking: Booking) -> Demand:
    """The request as the engine sees it."""
    place = booking.place if booking.place_id is not None else None
    return Demand(
        language=booking.language.code,
        modality=booking.modality,
        start=booking.start,
        duration=timedelta(minutes=booking.duration_minutes),
        commune=commune_of(
            booking.modality,
            place.postcode if place else None,
            place.commune if place else None,
        ),
        alt_language=booking.alt_language.code if booking.alt_language_id else None,
        alt_start=booking.alt_start,
    )


def _days_window(first: date, last: date) -> tuple[datetime, datetime]:
    """From the first local day's midnight to the end of the last one, in UTC,
    widened by the longest travel so that a neighbouring service counts."""
    margin = timedelta(minutes=MAX_TRAVEL_MINUTES)
    start = datetime.combine(first, time(0), BRUSSELS).astimezone(UTC) - margin
    end = datetime.combine(last + timedelta(days=1), time(0), BRUSSELS).astimezone(UTC) + margin
    return start, end


def search_horizon(demand: Demand) -> list[tuple[datetime, datetime]]:
    """The instants the analysis may look at: the requested day and the
    ``SEARCH_DAYS`` after it (the nearest free slots), and the alternative
    date's day; each widened by the longest travel."""
    day = demand.start.astimezone(BRUSSELS).date()
    windows = [_days_window(day, day + timedelta(days=SEARCH_DAYS))]
    if demand.alt_start is not None:
        alt_day = demand.alt_start.astimezone(BRUSSELS).date()
        if not day <= alt_day <= day + timedelta(days=SEARCH_DAYS):
            windows.append(_days_window(alt_day, alt_day))
    return windows


def load_candidates(
    demand: Demand,
    *,
    exclude_booking: Booking | None = None,
    only: Collection[int] | None = None,
    now: datetime | None = None,
) -> list[Candidate]:
    """The interpreters of the demand's languages as engine ``Candidate``s.

    Five queries whatever the number of interpreters or the size of their
    history. ``exclude_booking`` leaves out that request's own assignment (to
    re-check or change its interpreter); ``only`` restricts to some profiles
    (the services re-check one interpreter under their lock).
    """
    now = timezone.now() if now is None else now
    codes = [demand.language] + ([demand.alt_language] if demand.alt_language else [])
    # 1. Languages spoken, with their profiles: one join.
    spoken = InterpreterLanguage.objects.filter(
        language__code__in=codes,
        language__is_active=True,
        profile__is_active=True,
        profile__user__is_active=True,
    ).select_related("profile", "language")
    if only is not None:
        spoken = spoken.filter(profile_id__in=list(only))
    if exclude_booking is not None:
        # Who withdrew from this request is not asked again (a subquery, not a query).
        spoken = spoken.exclude(
            profile_id__in=BookingEvent.objects.filter(
                booking=exclude_booking.pk,
                action=BookingEvent.Action.WITHDRAWN,
                interpreter__isnull=False,
            ).values("interpreter_id")
        )
    profiles = {}
    languages: dict[int, dict[str, str]] = defaultdict(dict)
    for row in spoken:
        profiles[row.profile_id] = row.profile
        languages[row.profile_id][row.language.code] = row.level
    if not profiles:
        return []
    ids = sorted(profiles)

    # 2. Weekly windows.
    windows: dict[int, list] = defaultdict(list)
    # .order_by(): the models' default ordering would join the users to sort for nothing.
    for profile_id, weekday, opens, closes in (
        AvailabilityWindow.objects.filter(profile_id__in=ids)
        .order_by()
        .values_list("profile_id", "weekday", "start_time", "end_time")
    ):
        windows[profile_id].append((weekday, opens, closes))

    horizon = search_horizon(demand)
    # 3. Absences touching the horizon.
    overlaps_days = Q()
    for start, end in horizon:
        first = start.astimezone(BRUSSELS).date()
        last = end.astimezone(BRUSSELS).date()
        overlaps_days |= Q(starts_on__lte=last, ends_on__gte=first)
    absences: dict[int, list] = defaultdict(list)
    for profile_id, first, last in (
        Absence.objects.filter(overlaps_days, profile_id__in=ids)
        .order_by()
        .values_list("profile_id", "starts_on", "ends_on")
    ):
        absences[profile_id].append((first, last))

    # 4. Active holds and confirmed assignments within the horizon, with their place.
    overlaps_time = Q()
    for start, end in horizon:
        overlaps_time |= Q(start__lt=end, start__gt=start - LONGEST_SERVICE, end__gt=start)
    assignments = Assignment.objects.filter(
        overlaps_time, interpreter_id__in=ids, released_at__isnull=True
    )
    if exclude_booking is not None:
        assignments = assignments.exclude(booking_id=exclude_booking.pk)
    busy: dict[int, list[Busy]] = defaultdict(list)
    for profile_id, start, end, modality, postcode, commune in assignments.values_list(
        "interpreter_id",
        "start",
        "end",
        "booking__modality",
        "booking__place__postcode",
        "booking__place__commune",
    ):
        busy[profile_id].append(Busy(start, end, commune_of(modality, postcode, commune)))

    # 5. Minutes of confirmed work over the last four weeks: one aggregate over
    # the assignments' own times (joining the requests made the planner scan them all).
    recent = {
        profile_id: int(worked.total_seconds() // 60)
        for profile_id, worked in Assignment.objects.filter(
            interpreter_id__in=ids,
            released_at__isnull=True,
            kind=Assignment.Kind.CONFIRMED,
            start__gte=now - FAIRNESS_PERIOD,
            start__lt=now,
        )
        .order_by()
        .values("interpreter_id")
        .annotate(worked=Sum(F("end") - F("start")))
        .values_list("interpreter_id", "worked")
    }

    return [
        Candidate(
            interpreter_id=pk,
            languages=languages[pk],
            modalities=frozenset(str(modality) for modality in profiles[pk].modalities),
            communes=frozenset(profiles[pk].communes_served),
            windows=tuple(windows[pk]),
            absences=tuple(absences[pk]),
            max_minutes_per_day=profiles[pk].max_minutes_per_day,
            busy=tuple(busy[pk]),
            recent_minutes=recent.get(pk) or 0,
        )
        for pk in ids
    ]


def analyse_booking(booking: Booking, *, now: datetime) -> Analysis:
    """Load and analyse a request; its own assignment doesn't count against it."""
    demand = demand_for_booking(booking)
    candidates = load_candidates(demand, exclude_booking=booking if booking.pk else None, now=now)
    return analyse(demand, candidates, now=now)
