"""The bounded queries feeding the engine: the right interpreters with their
commitments, in the same few queries whatever the numbers."""

from datetime import date, time, timedelta

import pytest

from relais.bookings.models import Assignment
from relais.interpreters.services import add_absence
from relais.matching.queries import demand_for_booking, load_candidates
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter, saved_draft

MAX_QUERIES = 5


def test_it_loads_speakers_with_their_commitments(org_a, code_a, requester_a, arabic, tigrinya):
    ilham = make_interpreter("ilham@example.org", arabic)
    make_interpreter("tesfay@example.org", tigrinya)
    add_absence(profile=ilham, starts_on=date(2030, 6, 5), ends_on=date(2030, 6, 6))
    add_absence(profile=ilham, starts_on=date(2030, 9, 1), ends_on=date(2030, 9, 2))
    earlier = saved_draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "08:00"))
    Assignment.objects.create(
        booking=earlier, interpreter=ilham, start=earlier.start, end=earlier.end
    )
    far = saved_draft(org_a, code_a, requester_a, arabic, start=at("2030-09-02", "08:00"))
    Assignment.objects.create(booking=far, interpreter=ilham, start=far.start, end=far.end)
    demand = demand_for_booking(draft(org_a, code_a, requester_a, arabic))
    assert demand.commune == "Saint-Gilles"

    [candidate] = load_candidates(demand)
    assert candidate.interpreter_id == ilham.pk
    assert candidate.languages == {"ar": "native"}
    assert (0, time(8), time(20)) in candidate.windows
    assert candidate.absences == ((date(2030, 6, 5), date(2030, 6, 6)),)
    assert [(b.start, b.commune) for b in candidate.busy] == [(at(MONDAY, "08:00"), "Saint-Gilles")]


def test_it_counts_recent_confirmed_minutes(org_a, code_a, requester_a, arabic):
    ilham = make_interpreter("ilham@example.org", arabic)
    past = saved_draft(org_a, code_a, requester_a, arabic, duration_minutes=90)
    Assignment.objects.create(
        booking=past,
        interpreter=ilham,
        kind=Assignment.Kind.CONFIRMED,
        start=at("2030-05-20", "10:00"),
        end=at("2030-05-20", "11:30"),
    )
    demand = demand_for_booking(draft(org_a, code_a, requester_a, arabic))
    [candidate] = load_candidates(demand, now=at(MONDAY, "08:00"))
    assert candidate.recent_minutes == 90
    [candidate] = load_candidates(demand, now=at(MONDAY, "08:00") + timedelta(weeks=8))
    assert candidate.recent_minutes == 0


@pytest.mark.parametrize("interpreters", [5, 50])
def test_it_needs_the_same_few_queries(
    interpreters, org_a, code_a, requester_a, arabic, django_assert_max_num_queries
):
    for index in range(interpreters):
        profile = make_interpreter(f"i{index}@example.org", arabic)
        booking = saved_draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "15:00"))
        Assignment.objects.create(
            booking=booking, interpreter=profile, start=booking.start, end=booking.end
        )
        add_absence(profile=profile, starts_on=date(2030, 6, 4), ends_on=date(2030, 6, 4))
    demand = demand_for_booking(draft(org_a, code_a, requester_a, arabic))
    with django_assert_max_num_queries(MAX_QUERIES):
        candidates = load_candidates(demand)
    assert len(candidates) == interpreters
    assert all(len(c.busy) == 1 and len(c.absences) == 1 for c in candidates)
