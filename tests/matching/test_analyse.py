"""The availability analysis and its alternatives (the seed's "Indisponibilité
pour la nouvelle demande")."""

from datetime import UTC, date, datetime, time, timedelta

from relais.matching.alternatives import (
    Alternative,
    Opening,
    analyse,
    apply_alternative,
    default_opening,
)
from relais.matching.engine import BRUSSELS
from tests.matching.helpers import at, busy, candidate, demand, with_busy

MONDAY = "2026-06-08"
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def summary(analysis):
    return [
        (
            a.kind,
            a.start.astimezone(BRUSSELS).strftime("%a %d %H:%M"),
            a.modality,
            a.language,
            a.free_count,
        )
        for a in analysis.alternatives
    ]


def test_when_somebody_is_free_the_analysis_says_so_with_the_ranked_matches():
    analysis = analyse(demand(MONDAY), [candidate(2), candidate(1)], now=LONG_AGO)
    assert analysis.available
    assert [m.interpreter_id for m in analysis.matches] == [1, 2]
    assert analysis.why is None
    assert analysis.alternatives == ()


def test_only_the_alternative_language_free_is_not_available_as_asked():
    # The requester chooses the other language knowingly, among the alternatives.
    amharic = candidate(1, languages={"am": "native"})
    analysis = analyse(demand(MONDAY, alt_language="am"), [amharic], now=LONG_AGO)
    assert not analysis.available
    assert analysis.matches == ()
    assert ("alt_language", "Mon 08 09:00", "on_site", "am", 1) in summary(analysis)


def test_the_alternatives_come_in_the_promised_order():
    # Tigrinya on site in Ixelles, Monday 9:00-10:00; nobody can.
    asked = demand(MONDAY, alt_language="am", alt_start=at("2026-06-10", "14:00"))
    booked_on_site = with_busy(candidate(1), busy(MONDAY, "09:00", "11:00", "Ixelles"))
    remote_only = candidate(2, modalities=frozenset({"video", "phone"}))
    amharic = candidate(3, languages={"am": "fluent"})
    analysis = analyse(asked, [booked_on_site, remote_only, amharic], now=LONG_AGO)

    assert not analysis.available
    assert summary(analysis) == [
        ("alt_date", "Wed 10 14:00", "on_site", "ti", 1),
        # Ixelles to Ixelles still takes 10 minutes: 11:10 at the earliest.
        ("slot", "Mon 08 11:15", "on_site", "ti", 1),
        ("slot", "Mon 08 11:30", "on_site", "ti", 1),
        ("slot", "Mon 08 11:45", "on_site", "ti", 1),
        ("slot", "Mon 08 12:00", "on_site", "ti", 1),
        ("slot", "Mon 08 12:15", "on_site", "ti", 1),
        ("alt_language", "Mon 08 09:00", "on_site", "am", 1),
        ("remote", "Mon 08 09:00", "video", "ti", 1),
        ("remote", "Mon 08 09:00", "phone", "ti", 1),
        ("waitlist", "Mon 08 09:00", "on_site", "ti", 0),
    ]


def test_the_waiting_list_is_always_offered_even_when_nothing_else_is():
    absent = candidate(1, absences=((date(2026, 6, 1), date(2026, 6, 30)),))
    analysis = analyse(demand(MONDAY, alt_start=at("2026-06-09", "10:00")), [absent], now=LONG_AGO)
    assert summary(analysis) == [("waitlist", "Mon 08 09:00", "on_site", "ti", 0)]
    assert analyse(demand(MONDAY), [], now=LONG_AGO).alternatives[-1].kind == "waitlist"


def test_an_alternative_date_nobody_can_take_is_not_offered():
    asked = demand(MONDAY, alt_start=at("2026-06-10", "14:00"))
    everything_taken = with_busy(
        candidate(1, windows=((0, time(9), time(10)), (2, time(8), time(20)))),
        busy(MONDAY, "09:00", "10:00"),
        busy("2026-06-10", "13:00", "16:00"),
    )
    kinds = [a.kind for a in analyse(asked, [everything_taken], now=LONG_AGO).alternatives]
    assert "alt_date" not in kinds


def test_free_slots_count_the_free_interpreters():
    asked = demand(MONDAY, "09:00")
    first = with_busy(candidate(1), busy(MONDAY, "08:00", "12:00"))
    second = with_busy(candidate(2), busy(MONDAY, "08:00", "09:45"))
    slots = [
        a for a in analyse(asked, [first, second], now=LONG_AGO).alternatives if a.kind == "slot"
    ]
    # Candidate 2 can start at 9:55, candidate 1 at 12:10.
    assert [(a.start, a.free_count) for a in slots] == [
        (at(MONDAY, "10:00"), 1),
        (at(MONDAY, "10:15"), 1),
        (at(MONDAY, "10:30"), 1),
        (at(MONDAY, "10:45"), 1),
        (at(MONDAY, "11:00"), 1),
    ]
    late = with_busy(candidate(2), busy(MONDAY, "08:00", "12:00"))
    slots = [
        a for a in analyse(asked, [first, late], now=LONG_AGO).alternatives if a.kind == "slot"
    ]
    assert slots[0] == Alternative("slot", at(MONDAY, "12:15"), "on_site", "ti", 2)


def test_slots_continue_on_the_next_open_days_skipping_a_public_holiday():
    # Tuesday 20 July 2027, 18:00-20:00; Wednesday 21 July is the National Day.
    tuesday = "2027-07-20"
    taken = with_busy(candidate(1), busy(tuesday, "08:00", "20:00"))
    asked = demand(tuesday, "18:00", duration=timedelta(hours=2))
    slots = [a for a in analyse(asked, [taken], now=LONG_AGO).alternatives if a.kind == "slot"]
    assert [a.start for a in slots] == [
        at("2027-07-22", "08:00"),
        at("2027-07-22", "08:15"),
        at("2027-07-22", "08:30"),
        at("2027-07-22", "08:45"),
        at("2027-07-22", "09:00"),
    ]


def test_slots_skip_the_weekend():
    friday = "2027-07-23"
    taken = with_busy(candidate(1), busy(friday, "08:00", "20:00"))
    asked = demand(friday, "18:00", duration=timedelta(hours=2))
    slots = [a for a in analyse(asked, [taken], now=LONG_AGO).alternatives if a.kind == "slot"]
    assert {a.start.astimezone(BRUSSELS).date() for a in slots} == {date(2027, 7, 26)}


def test_slots_stay_within_opening_hours_of_the_requested_day():
    asked = demand(MONDAY, "18:00", duration=timedelta(hours=1, minutes=30))
    taken = with_busy(candidate(1), busy(MONDAY, "18:00", "18:30", None))
    slots = [a for a in analyse(asked, [taken], now=LONG_AGO).alternatives if a.kind == "slot"]
    # 18:30 is the last start ending by 20:00; then Tuesday from 8:00.
    assert [a.start for a in slots] == [
        at(MONDAY, "18:30"),
        at("2026-06-09", "08:00"),
        at("2026-06-09", "08:15"),
        at("2026-06-09", "08:30"),
        at("2026-06-09", "08:45"),
    ]


def test_slots_are_never_in_the_past():
    asked = demand(MONDAY, "09:00")
    taken = with_busy(candidate(1), busy(MONDAY, "09:00", "10:00", None))
    now = at(MONDAY, "13:05")
    slots = [a for a in analyse(asked, [taken], now=now).alternatives if a.kind == "slot"]
    assert slots[0].start == at(MONDAY, "13:15")


def test_the_slot_search_is_bounded_to_a_week():
    taken = candidate(1, absences=((date(2026, 6, 1), date(2026, 6, 16)),))
    back = candidate(2, absences=((date(2026, 6, 1), date(2026, 6, 17)),))
    analysis = analyse(demand(MONDAY), [taken, back], now=LONG_AGO)
    assert [a.kind for a in analysis.alternatives] == ["waitlist"]


def test_a_closed_day_opening_is_configurable():
    saturdays_too = Opening(
        days=frozenset(range(6)), start=time(9), end=time(13), holidays=frozenset()
    )
    friday = "2027-07-23"
    taken = with_busy(candidate(1), busy(friday, "08:00", "20:00"))
    asked = demand(friday, "10:00")
    analysis = analyse(asked, [taken], opening=saturdays_too, now=LONG_AGO)
    starts = [a.start for a in analysis.alternatives if a.kind == "slot"]
    assert starts[0] == at("2027-07-24", "09:00")


def test_default_opening_follows_the_rules_of_the_trade():
    opening = default_opening()
    assert opening.is_open_on(date(2027, 7, 20))
    assert not opening.is_open_on(date(2027, 7, 21))  # National Day
    assert not opening.is_open_on(date(2027, 7, 24))  # Saturday
    assert not opening.is_open_on(date(2026, 12, 25))
    assert opening.allows(at(MONDAY, "08:00"), at(MONDAY, "20:00"))
    assert not opening.allows(at(MONDAY, "07:45"), at(MONDAY, "09:00"))
    assert not opening.allows(at(MONDAY, "19:30"), at(MONDAY, "20:15"))


def test_remote_alternatives_are_offered_only_instead_of_on_site_work():
    remote_only = candidate(1, modalities=frozenset({"video"}))
    permanence = demand(MONDAY, modality="permanence")
    kinds = [a.kind for a in analyse(permanence, [remote_only], now=LONG_AGO).alternatives]
    assert "remote" not in kinds


def test_why_three_speak_tigrinya_and_all_are_booked_from_nine_to_eleven():
    asked = demand(MONDAY, "09:30")
    speakers = [
        with_busy(candidate(1), busy(MONDAY, "09:00", "10:00")),
        with_busy(candidate(2), busy(MONDAY, "09:30", "11:00")),
        with_busy(candidate(3), busy(MONDAY, "09:00", "11:00")),
    ]
    other_language = candidate(4, languages={"am": "native"})
    why = analyse(asked, [*speakers, other_language], now=LONG_AGO).why
    assert why is not None
    assert why.language == "ti"
    assert why.speakers == 3
    assert why.booked == 3
    assert why.refused == {"overlap": 3}
    assert (why.booked_from.hour, why.booked_from.minute) == (9, 0)
    assert (why.booked_until.hour, why.booked_until.minute) == (11, 0)
    assert why.booked_from.tzinfo == BRUSSELS


def test_why_counts_each_reason_of_refusal():
    asked = demand(MONDAY, "09:00")
    why = analyse(
        asked,
        [
            candidate(1, modalities=frozenset({"phone"})),
            candidate(2, absences=((date(2026, 6, 8), date(2026, 6, 8)),)),
            candidate(3, communes=frozenset({"Uccle"}), max_minutes_per_day=30),
            with_busy(candidate(4), busy(MONDAY, "08:00", "08:55", "Uccle")),
        ],
        now=LONG_AGO,
    ).why
    assert why.speakers == 4
    assert why.refused == {"modality": 1, "absence": 1, "commune": 1, "max_hours": 1, "travel": 1}
    assert why.booked == 1
    assert why.booked_from == at(MONDAY, "08:00").astimezone(BRUSSELS)


def test_nobody_speaking_the_language_gives_zero_speakers_and_no_span():
    why = analyse(demand(MONDAY), [candidate(1, languages={"am": "native"})], now=LONG_AGO).why
    assert (why.speakers, why.booked, why.booked_from, why.booked_until) == (0, 0, None, None)


def test_applying_an_alternative_changes_one_thing_of_the_request():
    asked = demand(MONDAY, alt_language="am")
    later = apply_alternative(asked, Alternative("slot", at(MONDAY, "11:00"), "on_site", "ti", 1))
    assert (later.start, later.language, later.modality) == (at(MONDAY, "11:00"), "ti", "on_site")
    other = apply_alternative(asked, Alternative("alt_language", asked.start, "on_site", "am", 1))
    assert (other.language, other.alt_language, other.start) == ("am", "ti", asked.start)
    video = apply_alternative(asked, Alternative("remote", asked.start, "video", "ti", 1))
    assert (video.modality, video.commune, video.place) == ("video", None, None)
