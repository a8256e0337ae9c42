"""The order in which free interpreters are proposed (DESIGN.md, ranking)."""

from datetime import timedelta

from relais.matching.engine import rank
from tests.matching.helpers import busy, candidate, demand, with_busy

MONDAY = "2026-06-08"


def ids(matches):
    return [match.interpreter_id for match in matches]


def test_only_candidates_who_can_take_the_service_are_ranked():
    free = candidate(1)
    booked = with_busy(candidate(2), busy(MONDAY, "09:00", "10:00"))
    wrong_language = candidate(3, languages={"ar": "native"})
    assert ids(rank([free, booked, wrong_language], demand(MONDAY))) == [1]


def test_the_requested_language_comes_before_the_alternative_one():
    amharic_rested = candidate(1, languages={"am": "native"}, recent_minutes=0)
    tigrinya_busy = candidate(2, languages={"ti": "working"}, recent_minutes=9000)
    matches = rank([amharic_rested, tigrinya_busy], demand(MONDAY, alt_language="am"))
    assert ids(matches) == [2, 1]
    assert [(m.language, m.primary) for m in matches] == [("ti", True), ("am", False)]


def test_a_candidate_speaking_both_is_ranked_once_in_the_requested_language():
    both = candidate(1, languages={"ti": "fluent", "am": "native"})
    matches = rank([both], demand(MONDAY, alt_language="am"))
    assert [(m.interpreter_id, m.language, m.level) for m in matches] == [(1, "ti", "fluent")]


def test_fewest_hours_in_the_last_four_weeks_come_first():
    matches = rank(
        [
            candidate(1, recent_minutes=600),
            candidate(2, recent_minutes=120),
            candidate(3, recent_minutes=2400),
        ],
        demand(MONDAY),
    )
    assert ids(matches) == [2, 1, 3]


def test_at_equal_hours_the_shorter_travel_from_the_previous_place_wins():
    from_uccle = with_busy(candidate(1), busy(MONDAY, "07:00", "07:30", "Uccle"))
    from_ixelles = with_busy(candidate(2), busy(MONDAY, "07:00", "07:30", "Ixelles"))
    from_home = candidate(3)
    matches = rank([from_uccle, from_ixelles, from_home], demand(MONDAY, commune="Etterbeek"))
    assert ids(matches) == [3, 2, 1]
    assert [m.travel_minutes for m in matches] == [0, 20, 40]


def test_the_previous_place_is_the_latest_on_site_one_of_the_day():
    day = with_busy(
        candidate(1),
        busy("2026-06-07", "18:00", "19:00", "Uccle"),  # the day before: from home
        busy(MONDAY, "07:00", "07:30", "Uccle"),
        busy(MONDAY, "07:45", "08:15", "Ixelles"),
        busy(MONDAY, "08:20", "08:30", None),  # a phone call in between
    )
    [match] = rank([day], demand(MONDAY, commune="Etterbeek"))
    assert match.travel_minutes == 20


def test_remote_work_ranks_without_travel():
    from_uccle = with_busy(candidate(1), busy(MONDAY, "07:00", "07:30", "Uccle"))
    video = demand(MONDAY, modality="video", commune=None)
    [match] = rank([from_uccle], video)
    assert match.travel_minutes == 0
    assert [str(e) for e in match.explanation] == [
        "speaks ti (native)",
        "fewest hours in the last 4 weeks: 0",
    ]


def test_equal_candidates_come_out_in_interpreter_order_whatever_the_input_order():
    candidates = [candidate(i) for i in (5, 3, 9, 1)]
    assert ids(rank(candidates, demand(MONDAY))) == [1, 3, 5, 9]
    assert ids(rank(reversed(candidates), demand(MONDAY))) == [1, 3, 5, 9]


def test_each_match_explains_why_it_was_chosen():
    nearby = with_busy(
        candidate(7, languages={"ti": "native"}, recent_minutes=90),
        busy(MONDAY, "07:00", "08:00", "Ixelles"),
    )
    [match] = rank([nearby], demand(MONDAY, commune="Etterbeek", duration=timedelta(hours=2)))
    assert [str(e) for e in match.explanation] == [
        "speaks ti (native)",
        "fewest hours in the last 4 weeks: 90",
        "travel 20 min",
    ]
    assert match.explanation[0].code == "speaks"
    assert match.explanation[1].minutes == 90
