"""The database refuses two overlapping active assignments of one interpreter
(PostgreSQL); on SQLite the services refuse them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from relais.bookings.models import Assignment
from relais.bookings.services import NoLongerAvailable, submit_booking
from tests.bookings.helpers import MONDAY, at, draft, saved_draft

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL"
)


def hold(booking, profile, start, end, *, before=0, released_at=None):
    return Assignment.objects.create(
        booking=booking,
        interpreter=profile,
        start=at(MONDAY, start),
        end=at(MONDAY, end),
        travel_before_minutes=before,
        released_at=released_at,
    )


@pytest.fixture
def two_drafts(org_a, code_a, requester_a, arabic):
    return [saved_draft(org_a, code_a, requester_a, arabic) for _ in range(2)]


@postgresql_only
def test_the_database_refuses_an_overlap(two_drafts, ilham):
    hold(two_drafts[0], ilham, "10:00", "11:00")
    with pytest.raises(IntegrityError), transaction.atomic():
        hold(two_drafts[1], ilham, "10:30", "11:30")


@postgresql_only
def test_the_database_refuses_an_overlap_of_travel_margins(two_drafts, ilham):
    hold(two_drafts[0], ilham, "10:00", "11:00")
    with pytest.raises(IntegrityError), transaction.atomic():
        hold(two_drafts[1], ilham, "11:15", "12:00", before=20)


@postgresql_only
def test_the_database_accepts_neighbours_a_margin_apart(two_drafts, ilham):
    hold(two_drafts[0], ilham, "10:00", "11:00")
    hold(two_drafts[1], ilham, "11:20", "12:00", before=20)


@postgresql_only
def test_the_database_accepts_a_released_one_or_another_interpreter(two_drafts, ilham, youssef):
    hold(two_drafts[0], ilham, "10:00", "11:00", released_at=timezone.now())
    hold(two_drafts[1], ilham, "10:00", "11:00")
    hold(two_drafts[0], youssef, "10:00", "11:00")


def test_the_service_refuses_an_overlap(org_a, code_a, requester_a, arabic, ilham):
    """The SQLite twin (and PostgreSQL's first line): checked under the lock."""
    submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    later = draft(org_a, code_a, requester_a, arabic, start=at(MONDAY, "10:30"))
    with pytest.raises(NoLongerAvailable):
        submit_booking(booking=later, by=requester_a)
    assert Assignment.objects.filter(interpreter=ilham).count() == 1
