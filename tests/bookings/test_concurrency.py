"""No double booking, ever: 20 real threads race for one interpreter and one
slot, on SQLite and on PostgreSQL; exactly one wins, the others are told
"no longer available" with fresh alternatives, none gets anything else."""

import threading
import time
from functools import partial

import pytest
from django.db import connections
from django.utils import timezone

from relais.bookings.models import Assignment, Booking
from relais.bookings.services import (
    NoLongerAvailable,
    cancel_booking,
    confirm_booking,
    submit_booking,
)
from tests.bookings.helpers import MONDAY, at, make_interpreter, saved_draft
from tests.threads import run_together

RACERS = 20
DEADLINE = 120  # seconds: a deadlock would hang a thread past it


def race(attempt, pks) -> tuple[list, float]:
    """Run ``attempt(pk)`` in one thread per pk, all released at once."""
    barrier = threading.Barrier(len(pks))
    outcomes = []
    lock = threading.Lock()

    def run(pk):
        try:
            barrier.wait()
            try:
                attempt(pk)
                outcome = "won"
            except NoLongerAvailable as refused:
                outcome = ("refused", refused.analysis)
            except Exception as error:
                outcome = ("error", repr(error))
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(pk,)) for pk in pks]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert not any(thread.is_alive() for thread in threads), "deadlock"
    return outcomes, time.monotonic() - began


def assert_one_winner(outcomes):
    assert len(outcomes) == RACERS
    errors = [o for o in outcomes if o != "won" and o[0] == "error"]
    assert errors == []
    assert outcomes.count("won") == 1
    refused = [o[1] for o in outcomes if o != "won"]
    assert len(refused) == RACERS - 1
    assert all(analysis.alternatives for analysis in refused if not analysis.available)


@pytest.mark.django_db(transaction=True)
def test_twenty_submissions_hold_one_interpreter_once(org_a, code_a, requester_a, arabic):
    ilham = make_interpreter("ilham@example.org", arabic)
    pks = [saved_draft(org_a, code_a, requester_a, arabic).pk for _ in range(RACERS)]

    def attempt(pk):
        submit_booking(booking=Booking.objects.get(pk=pk), by=requester_a)

    outcomes, seconds = race(attempt, pks)
    print(
        f"submit: {outcomes.count('won')} won, "
        f"{RACERS - outcomes.count('won')} refused in {seconds:.2f} s"
    )
    assert_one_winner(outcomes)
    refused = [o[1] for o in outcomes if o != "won"]
    assert all(not analysis.available and analysis.alternatives for analysis in refused)
    assert Assignment.objects.filter(interpreter=ilham, released_at__isnull=True).count() == 1
    assert Booking.objects.filter(status=Booking.Status.RECEIVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_confirmations_give_one_interpreter_once(
    org_a, code_a, requester_a, coordinator, arabic
):
    contested = make_interpreter("ilham@example.org", arabic)
    pks = []
    for index in range(RACERS):
        other = make_interpreter(f"other{index}@example.org", arabic)
        booking = saved_draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "14:00"))
        Assignment.objects.create(
            booking=booking, interpreter=other, start=booking.start, end=booking.end
        )
        Booking.objects.filter(pk=booking.pk).update(
            status=Booking.Status.RECEIVED, submitted_at=timezone.now()
        )
        pks.append(booking.pk)

    def attempt(pk):
        confirm_booking(booking=Booking.objects.get(pk=pk), by=coordinator, interpreter=contested)

    outcomes, seconds = race(attempt, pks)
    print(
        f"confirm: {outcomes.count('won')} won, "
        f"{RACERS - outcomes.count('won')} refused in {seconds:.2f} s"
    )
    assert_one_winner(outcomes)
    assert Assignment.objects.filter(interpreter=contested, released_at__isnull=True).count() == 1
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 1
    # The losers keep their holds.
    assert Assignment.objects.filter(
        kind=Assignment.Kind.HOLD, released_at__isnull=True
    ).count() == (RACERS - 1)


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_racing_a_confirmation_ends_consistent(
    org_a, code_a, requester_a, arabic, coordinator
):
    """Whichever runs first, the request ends cancelled with its interpreter
    freed; the confirmation either came first or is refused cleanly."""
    make_interpreter("ilham@example.org", arabic)
    for hour in range(9, 14):
        booking = submit_booking(
            booking=saved_draft(
                org_a, code_a, requester_a, arabic, start=at(MONDAY, f"{hour:02d}:00")
            ),
            by=requester_a,
        )
        outcomes = run_together(
            partial(cancel_booking, booking=booking, by=requester_a, reason="Reporté"),
            partial(confirm_booking, booking=booking, by=coordinator),
        )
        kinds = [kind for kind, _ in outcomes]
        assert "error" not in kinds, outcomes
        assert "done" in kinds
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CANCELLED
        assert not booking.assignments.filter(released_at=None).exists()
