"""Properties of the engine over generated interpreters and requests
(hypothesis): what rank and analyse promise must agree with check, and with
plain interval arithmetic on the commitments."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.matching.alternatives import (
    SLOTS_WANTED,
    WAITLIST,
    Opening,
    analyse,
    apply_alternative,
    default_opening,
)
from relais.matching.engine import Busy, Candidate, Demand, check, rank
from relais.matching.travel import COMMUNE_CENTROIDS, travel_minutes
from tests.matching.helpers import ALL_MODALITIES, EVERY_DAY_ALL_DAY, WEEKDAYS_8_TO_20, at

# Friday 27 March 2026 6:00 UTC: the generated week crosses the spring DST change.
ORIGIN = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)
QUARTERS = 6 * 24 * 4

communes = st.sampled_from(sorted(COMMUNE_CENTROIDS))
instants = st.integers(0, QUARTERS).map(lambda q: ORIGIN + timedelta(minutes=15 * q))
durations = st.integers(1, 16).map(lambda q: timedelta(minutes=15 * q))
# Working hours of the open days of that week, where alternatives can be.
office_instants = st.builds(
    lambda day, quarter: at(day, f"{8 + quarter // 4:02d}:{15 * (quarter % 4):02d}"),
    st.sampled_from(["2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"]),
    st.integers(0, 40),
)
busy_entries = st.builds(
    lambda start, length, commune: Busy(start, start + length, commune),
    instants,
    durations,
    st.none() | communes,
)


@st.composite
def windows(draw):
    """Mostly generous windows, so that the other constraints get exercised."""
    kind = draw(st.sampled_from(["always", "office", "random"]))
    if kind == "always":
        return EVERY_DAY_ALL_DAY
    if kind == "office":
        return WEEKDAYS_8_TO_20
    result = []
    for _ in range(draw(st.integers(0, 8))):
        first = draw(st.integers(0, 46))
        last = draw(st.integers(first + 1, 47))
        result.append(
            (
                draw(st.integers(0, 6)),
                time(first // 2, 30 * (first % 2)),
                time(last // 2, 30 * (last % 2)),
            )
        )
    return tuple(result)


@st.composite
def absences(draw):
    result = []
    for _ in range(draw(st.integers(0, 2))):
        first = date(2026, 3, 26) + timedelta(days=draw(st.integers(0, 10)))
        result.append((first, first + timedelta(days=draw(st.integers(0, 3)))))
    return tuple(result)


candidates = st.builds(
    Candidate,
    interpreter_id=st.integers(1, 1000),
    languages=st.sampled_from(
        [{"ti": "native"}, {"am": "fluent"}, {"ti": "working", "am": "native"}]
    ),
    modalities=st.one_of(
        st.just(ALL_MODALITIES), st.frozensets(st.sampled_from(sorted(ALL_MODALITIES)))
    ),
    communes=st.one_of(st.just(frozenset(COMMUNE_CENTROIDS)), st.frozensets(communes)),
    windows=windows(),
    absences=absences(),
    max_minutes_per_day=st.none() | st.integers(30, 600),
    busy=st.lists(busy_entries, max_size=6).map(tuple),
    recent_minutes=st.integers(0, 5000),
    excluded=st.sampled_from([False, False, False, True]),
)


@st.composite
def pools(draw):
    """A few candidates with distinct ids, as the query module gives them."""
    drawn = draw(st.lists(candidates, max_size=5))
    return [replace(c, interpreter_id=i + 1) for i, c in enumerate(drawn)]


@st.composite
def demands(draw):
    modality = draw(st.sampled_from(sorted(ALL_MODALITIES)))
    return Demand(
        language="ti",
        alt_language=draw(st.sampled_from([None, "am"])),
        modality=modality,
        start=draw(instants | office_instants),
        duration=draw(durations),
        commune=draw(st.none() | communes),
        alt_start=draw(st.none() | instants | office_instants),
    )


def _clear_of(candidate: Candidate, demand: Demand) -> bool:
    """No commitment of the candidate within travel distance of the service,
    by plain interval arithmetic, independently of the engine."""
    end = demand.start + demand.duration
    for entry in candidate.busy:
        gap = timedelta(minutes=travel_minutes(entry.commune, demand.place))
        if entry.start < end + gap and demand.start < entry.end + gap:
            return False
    return True


@given(pool=pools(), demand=demands())
def test_every_ranked_match_passes_check(pool, demand):
    by_id = {c.interpreter_id: c for c in pool}
    matches = rank(pool, demand)
    for match in matches:
        who = by_id[match.interpreter_id]
        assert check(who, demand, language=match.language).ok
        assert _clear_of(who, demand)
    keys = [(not m.primary, m.recent_minutes, m.travel_minutes, m.interpreter_id) for m in matches]
    assert keys == sorted(keys)


@given(pool=pools(), demand=demands())
def test_rank_leaves_out_nobody_who_passes_check(pool, demand):
    ranked = {m.interpreter_id for m in rank(pool, demand)}
    languages = [demand.language] + ([demand.alt_language] if demand.alt_language else [])
    for who in pool:
        passes = any(check(who, demand, language=lang).ok for lang in languages)
        assert passes == (who.interpreter_id in ranked)


@given(who=candidates, demand=demands(), extra=busy_entries)
def test_an_extra_commitment_never_frees_a_candidate(who, demand, extra):
    busier = replace(who, busy=(*who.busy, extra))
    for language in ("ti", "am"):
        if not check(who, demand, language=language).ok:
            assert not check(busier, demand, language=language).ok


# The rules of the trade, or a service open around the clock every day, whose
# slots cross the DST night and the interpreters' night windows.
openings = st.sampled_from(
    [
        default_opening(),
        Opening(days=frozenset(range(7)), start=time(0), end=time(23, 45), holidays=frozenset()),
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=pools(), demand=demands(), now_quarters=st.integers(0, QUARTERS), opening=openings)
def test_alternatives_report_exactly_the_interpreters_free_for_them(
    pool, demand, now_quarters, opening
):
    now = ORIGIN + timedelta(minutes=15 * now_quarters)
    analysis = analyse(demand, pool, opening=opening, now=now)
    if analysis.available:
        assert analysis.alternatives == ()
        return
    assert analysis.alternatives[-1].kind == WAITLIST
    slots = [a for a in analysis.alternatives if a.kind == "slot"]
    assert len(slots) <= SLOTS_WANTED
    assert [a.start for a in slots] == sorted(a.start for a in slots)
    for alternative in analysis.alternatives[:-1]:
        changed = apply_alternative(demand, alternative)
        free = [who for who in pool if check(who, changed).ok]
        assert alternative.free_count == len(free) > 0
        for who in free:
            assert _clear_of(who, changed)
        if alternative.kind in ("slot", "alt_date"):
            assert alternative.start >= now
            assert opening.allows(alternative.start, alternative.start + demand.duration)
