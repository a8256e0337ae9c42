"""The last seat is given once: real threads register at the same instant, on
SQLite and on PostgreSQL; one wins, the others are told the session is full."""

from functools import partial

import pytest

from relais.notifications.models import OutboxEmail
from relais.training.models import TrainingRegistration
from relais.training.services import register
from tests.conftest import in_language, make_member
from tests.threads import run_together

from .conftest import BEFORE
from .helpers import plan

RACERS = 8

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_last_seat_is_given_once(coordinator, org_a, org_b, requester_b):
    session = plan(coordinator, seats=2)
    register(session=session, user=requester_b, organisation=org_b, now=BEFORE)
    members = [make_member(org_a, f"member{n}@example.org") for n in range(RACERS)]
    outcomes = run_together(
        *(
            partial(register, session=session, user=member, organisation=org_a, now=BEFORE)
            for member in members
        )
    )
    assert [kind for kind, _ in outcomes].count("done") == 1
    full = [in_language("fr", "This session is full.")]
    assert [value for kind, value in outcomes if kind != "done"] == [full] * (RACERS - 1)
    assert TrainingRegistration.objects.active().filter(session=session).count() == 2
    assert OutboxEmail.objects.filter(template="training_registered").count() == 2


def test_one_person_clicking_twice_at_once_registers_once(coordinator, org_a, requester_a):
    session = plan(coordinator, seats=5)
    attempt = partial(register, session=session, user=requester_a, organisation=org_a, now=BEFORE)
    outcomes = run_together(attempt, attempt, attempt)
    assert [kind for kind, _ in outcomes].count("done") == 1
    twice = [in_language("fr", "You are already registered for this session.")]
    assert [value for kind, value in outcomes if kind != "done"] == [twice, twice]
    assert TrainingRegistration.objects.filter(session=session).count() == 1
