"""The hard constraints of the engine (DESIGN.md, matching engine): each one
alone refuses a candidate, with its reason."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from relais.matching.engine import BRUSSELS, Busy, Demand, Reason, check
from tests.matching.helpers import at, busy, candidate, demand, with_busy

MONDAY = "2026-06-08"


def test_a_candidate_meeting_every_constraint_is_accepted():
    verdict = check(candidate(), demand(MONDAY))
    assert verdict.ok
    assert verdict.reasons == ()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"excluded": True}, "excluded"),
        ({"languages": {"am": "native"}}, "language"),
        ({"modalities": frozenset({"video", "phone"})}, "modality"),
        ({"communes": frozenset({"Uccle", "Forest"})}, "commune"),
        ({"windows": ((0, time(13), time(17)), (1, time(8), time(12)))}, "window"),
        ({"absences": ((date(2026, 6, 8), date(2026, 6, 12)),)}, "absence"),
        ({"max_minutes_per_day": 30}, "max_hours"),
    ],
)
def test_each_constraint_alone_refuses_with_its_reason(overrides, code):
    verdict = check(candidate(**overrides), demand(MONDAY))
    assert not verdict.ok
    assert verdict.codes == {code}


def test_an_overlapping_commitment_refuses_and_names_it():
    taken = busy(MONDAY, "09:30", "10:30")
    verdict = check(with_busy(candidate(), taken), demand(MONDAY))
    assert verdict.reasons == (Reason("overlap", busy=taken),)


def test_the_language_can_be_the_alternative_one():
    amharic = candidate(languages={"am": "fluent"})
    asked = demand(MONDAY, alt_language="am")
    assert check(amharic, asked).codes == {"language"}
    assert check(amharic, asked, language="am").ok


def test_the_commune_does_not_matter_for_remote_work():
    uccle_only = candidate(communes=frozenset({"Uccle"}))
    assert check(uccle_only, demand(MONDAY, modality="video", commune=None)).ok
    assert check(uccle_only, demand(MONDAY, modality="phone", commune="Ixelles")).ok
    assert check(uccle_only, demand(MONDAY, modality="permanence")).codes == {"commune"}


def test_an_on_site_place_outside_brussels_is_served_by_nobody():
    assert check(candidate(), demand(MONDAY, commune="Liège")).codes == {"commune"}
    assert check(candidate(), demand(MONDAY, commune=None)).codes == {"commune"}


def test_all_failing_constraints_are_reported_not_just_the_first():
    verdict = check(
        candidate(excluded=True, modalities=frozenset({"phone"}), max_minutes_per_day=10),
        demand(MONDAY),
    )
    assert verdict.codes == {"excluded", "modality", "max_hours"}


# The whole service inside one weekly window, on the Brussels wall clock.


def test_the_whole_service_must_fit_in_one_window():
    mornings = candidate(windows=((0, time(9), time(12)), (0, time(12), time(17))))
    assert check(mornings, demand(MONDAY, "09:00", duration=timedelta(hours=3))).ok
    assert check(mornings, demand(MONDAY, "08:45")).codes == {"window"}
    # 11:30-12:30 straddles two windows: the interpreter said "until 12:00".
    assert check(mornings, demand(MONDAY, "11:30")).codes == {"window"}
    assert check(mornings, demand(MONDAY, "16:00")).ok


def test_a_window_belongs_to_its_weekday():
    tuesdays = candidate(windows=((1, time(8), time(20)),))
    assert check(tuesdays, demand(MONDAY)).codes == {"window"}
    assert check(tuesdays, demand("2026-06-09")).ok


@pytest.mark.parametrize("monday", ["2026-03-30", "2026-10-26"])
def test_a_window_keeps_its_wall_clock_hours_after_a_dst_change(monday):
    mornings = candidate(windows=((0, time(9), time(12)),))
    three_hours = timedelta(hours=3)
    start = at(monday, "09:00")
    # Summer time starts the last Sunday of March, ends the last of October.
    assert start.hour == (7 if monday.startswith("2026-03") else 8)
    assert check(mornings, demand(start=start, duration=three_hours, commune="Ixelles")).ok
    assert check(mornings, demand(monday, "08:00", duration=three_hours)).codes == {"window"}
    # Same UTC hour as 9:00 on the Friday before: an hour off on the Monday.
    friday = start - timedelta(days=3)
    if monday.startswith("2026-03"):
        assert friday.astimezone(BRUSSELS).hour == 8
    else:
        assert friday.astimezone(BRUSSELS).hour == 10


def test_a_service_across_the_spring_forward_night_is_measured_in_real_time():
    # Sunday 29 March 2026: at 2:00 the clocks jump to 3:00.
    start = datetime(2026, 3, 29, 1, 0, tzinfo=BRUSSELS).astimezone(UTC)
    night = candidate(windows=((6, time(1), time(3)),))
    two_hours = demand(start=start, duration=timedelta(hours=2), modality="phone", commune=None)
    one_hour = demand(start=start, duration=timedelta(hours=1), modality="phone", commune=None)
    # Two real hours from 1:00 end at 4:00 on the wall clock, after the window.
    assert check(night, two_hours).codes == {"window"}
    # One real hour ends at 3:00: inside, although 1:00 + 1 h "is" 2:00 locally.
    assert check(night, one_hour).ok
    assert check(candidate(windows=((6, time(0), time(5)),)), two_hours).ok


def test_a_service_across_the_fall_back_night_is_handled():
    # Sunday 25 October 2026: at 3:00 the clocks go back to 2:00.
    start = datetime(2026, 10, 25, 1, 0, tzinfo=BRUSSELS).astimezone(UTC)
    two_hours = demand(start=start, duration=timedelta(hours=2), modality="video", commune=None)
    # Two real hours from 1:00 end at 2:00 on the wall clock (the second one).
    assert check(candidate(windows=((6, time(1), time(2)),)), two_hours).ok
    assert check(candidate(windows=((6, time(1), time(1, 30)),)), two_hours).codes == {"window"}


def test_a_service_crossing_local_midnight_fits_no_window():
    late = demand("2026-06-08", "23:30", modality="phone", commune=None)
    assert check(candidate(), late).codes == {"window"}


# Absences are Brussels calendar days.


def test_an_absence_counts_by_brussels_date_not_utc_date():
    off_wednesday = candidate(absences=((date(2026, 6, 10), date(2026, 6, 10)),))
    # 23:30 UTC on Tuesday is 1:30 on Wednesday in Brussels (summer time).
    start = datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
    night_call = Demand(
        language="ti", modality="phone", start=start, duration=timedelta(minutes=30)
    )
    assert check(off_wednesday, night_call).codes == {"absence"}
    assert check(candidate(), night_call).ok
    # 20:30 UTC on Tuesday is still Tuesday in Brussels.
    evening = Demand(
        language="ti",
        modality="phone",
        start=start - timedelta(hours=3),
        duration=timedelta(minutes=30),
    )
    assert check(off_wednesday, evening).ok


def test_an_absence_includes_its_first_and_last_day():
    holiday = candidate(absences=((date(2026, 6, 8), date(2026, 6, 10)),))
    assert check(holiday, demand("2026-06-08")).codes == {"absence"}
    assert check(holiday, demand("2026-06-10")).codes == {"absence"}
    assert check(holiday, demand("2026-06-11")).ok
    assert check(holiday, demand("2026-06-05")).ok


# Maximum hours per Brussels day.


def test_the_day_total_includes_commitments_of_that_day_and_the_service():
    four_hours = candidate(max_minutes_per_day=240)
    morning = busy(MONDAY, "08:00", "10:00", None)
    afternoon = demand(MONDAY, "14:00", duration=timedelta(hours=2))
    assert check(with_busy(four_hours, morning), afternoon).ok
    longer = demand(MONDAY, "14:00", duration=timedelta(hours=2, minutes=15))
    verdict = check(with_busy(four_hours, morning), longer)
    assert verdict.reasons == (Reason("max_hours", minutes=255),)


def test_the_day_total_counts_only_that_brussels_day():
    four_hours = candidate(max_minutes_per_day=240)
    # Sunday evening and Tuesday morning don't count for Monday, even though
    # Monday 0:30 in Brussels is Sunday in UTC.
    sunday = busy("2026-06-07", "20:00", "23:30", None)
    tuesday = busy("2026-06-09", "00:30", "04:00", None)
    assert check(with_busy(four_hours, sunday, tuesday), demand(MONDAY, "09:00")).ok
    early_monday = busy(MONDAY, "00:30", "04:00", None)
    verdict = check(with_busy(four_hours, early_monday), demand(MONDAY, "09:00"))
    assert verdict.codes == {"max_hours"}


def test_a_commitment_across_midnight_counts_its_part_in_each_day():
    two_hours = candidate(max_minutes_per_day=120)
    overnight = Busy(at("2026-06-07", "23:00"), at(MONDAY, "00:30"), None)
    # 30 minutes fall on Monday: 30 + 90 = 120 fits, 30 + 105 doesn't.
    assert check(with_busy(two_hours, overnight), demand(duration=timedelta(minutes=90))).ok
    assert not check(with_busy(two_hours, overnight), demand(duration=timedelta(minutes=105))).ok


# No overlap with commitments, travel included between on-site places.


def test_back_to_back_services_in_nearby_communes_need_the_travel_gap():
    ixelles_then = with_busy(candidate(), busy(MONDAY, "08:00", "08:40", "Ixelles"))
    # Ixelles -> Etterbeek: 20 minutes; 8:40 + 20 = 9:00.
    assert check(ixelles_then, demand(MONDAY, "09:00", commune="Etterbeek")).ok
    verdict = check(ixelles_then, demand(MONDAY, "08:55", commune="Etterbeek"))
    assert verdict.codes == {"travel"}
    assert verdict.reasons[0].minutes == 20


def test_uccle_to_evere_needs_a_longer_gap_than_ixelles_to_etterbeek():
    gap_30 = busy(MONDAY, "08:00", "08:30", "Uccle")
    assert not check(with_busy(candidate(), gap_30), demand(MONDAY, commune="Evere")).ok
    ixelles = busy(MONDAY, "08:00", "08:30", "Ixelles")
    assert check(with_busy(candidate(), ixelles), demand(MONDAY, commune="Etterbeek")).ok
    verdict = check(with_busy(candidate(), gap_30), demand(MONDAY, commune="Evere"))
    assert verdict.reasons == (Reason("travel", busy=gap_30, minutes=55),)


def test_travel_is_needed_after_the_service_too():
    next_in_uccle = busy(MONDAY, "10:30", "11:30", "Uccle")
    verdict = check(with_busy(candidate(), next_in_uccle), demand(MONDAY, commune="Evere"))
    assert verdict.reasons == (Reason("travel", busy=next_in_uccle, minutes=55),)
    assert check(with_busy(candidate(), next_in_uccle), demand(MONDAY, "08:00")).ok


def test_remote_work_needs_no_travel_gap_but_may_not_overlap():
    on_site_before = busy(MONDAY, "08:00", "09:00", "Uccle")
    video = demand(MONDAY, "09:00", modality="video", commune=None)
    assert check(with_busy(candidate(), on_site_before), video).ok
    call_before = busy(MONDAY, "08:00", "09:00", None)
    assert check(with_busy(candidate(), call_before), demand(MONDAY, commune="Evere")).ok
    overlapping_call = busy(MONDAY, "08:30", "09:30", None)
    verdict = check(with_busy(candidate(), overlapping_call), video)
    assert verdict.reasons == (Reason("overlap", busy=overlapping_call),)


def test_a_commitment_on_the_neighbouring_day_is_still_seen():
    # A night call straddling midnight clashes with an early service next day.
    night = Busy(at("2026-06-07", "23:30"), at(MONDAY, "00:45"), None)
    early = demand(MONDAY, "00:30", modality="phone", commune=None)
    assert check(with_busy(candidate(), night), early).codes == {"overlap"}


def test_start_overrides_the_requested_one():
    taken = with_busy(candidate(), busy(MONDAY, "09:00", "10:00"))
    asked = demand(MONDAY, "09:00")
    assert not check(taken, asked).ok
    assert check(taken, asked, start=at(MONDAY, "10:15")).ok


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        demand(start=datetime(2026, 6, 8, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        Busy(datetime(2026, 6, 8, 9, 0), at(MONDAY, "10:00"))
