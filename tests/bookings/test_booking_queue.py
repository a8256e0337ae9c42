"""The coordinators' queue: received requests oldest first, with ranked candidates."""

from datetime import date, timedelta
from itertools import product

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from relais.bookings.models import Booking
from relais.bookings.queries import QUEUE_PAGE_SIZE
from relais.bookings.services import submit_booking, waitlist_booking
from relais.interpreters.models import LanguageLevel
from relais.lib.i18n import in_sentence
from tests.bookings.helpers import MONDAY, at, draft
from tests.conftest import client_for


def _submit(org, code, requester, language, hour, *, minutes_ago, day=MONDAY):
    booking = draft(org, code, requester, language, start=at(day, hour))
    return submit_booking(
        booking=booking, by=requester, now=timezone.now() - timedelta(minutes=minutes_ago)
    )


@pytest.fixture
def queue(org_a, code_a, requester_a, arabic, ilham, youssef):
    newer = _submit(org_a, code_a, requester_a, arabic, "14:00", minutes_ago=5)
    older = _submit(org_a, code_a, requester_a, arabic, "09:00", minutes_ago=50)
    return older, newer


def test_it_lists_received_requests_oldest_first(queue, coordinator):
    older, newer = queue
    page = client_for(coordinator).get("/requests/queue/").content.decode()
    assert page.index(f"/requests/{older.pk}/") < page.index(f"/requests/{newer.pk}/")
    assert "09:00\u201310:00" in page and "14:00\u201315:00" in page


def test_each_request_has_its_ranked_candidates_with_reasons(queue, coordinator, ilham, youssef):
    page = client_for(coordinator).get("/requests/queue/").content.decode()
    assert ilham.user.get_full_name() in page
    assert youssef.user.get_full_name() in page
    with translation.override("fr"):
        # French writes language names and levels in lower case mid-sentence.
        speaks = gettext("speaks %(language)s (%(level)s)") % {
            "language": "arabe",
            "level": in_sentence(str(LanguageLevel.NATIVE.label)),
        }
    assert escape(speaks) in page
    assert page.count('name="interpreter"') >= 2


def test_the_waiting_list_has_its_own_section(org_a, code_a, requester_a, arabic, coordinator):
    waiting = waitlist_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a)
    page = client_for(coordinator).get("/requests/queue/").content.decode()
    assert f"/requests/{waiting.pk}/" in page
    assert 'id="waitlist-title"' in page


def test_the_tab_counts_the_requests_to_check(queue, coordinator):
    page = client_for(coordinator).get("/organisations/").content.decode()
    assert "/requests/queue/" in page
    assert '<span class="badge rounded-pill text-bg-light">2</span>' in page


def test_it_hides_the_queue_from_everyone_else(queue, requester_a, interpreter):
    assert client_for(requester_a).get("/requests/queue/").status_code == 404
    assert client_for(interpreter).get("/requests/queue/").status_code == 404


def test_its_queries_are_bounded_by_the_page(
    org_a, code_a, requester_a, arabic, ilham, youssef, coordinator, django_assert_max_num_queries
):
    """The queue analyses each request of the page (received_queue): the five
    queries of load_candidates per request, plus thirteen for the page whatever
    its content (session, user, membership and tab count, the bell's unread
    count, paginator count, the page, holds, candidates' profiles, language
    names, waiting list, and the savepoints of the test client). 113 for a full
    page of 20: proportional to
    the page size, never to the data."""
    client = client_for(coordinator)
    monday = date.fromisoformat(MONDAY)
    for offset, (weekday, hour) in enumerate(product(range(5), (8, 11, 14))):
        day = (monday + timedelta(days=weekday)).isoformat()
        # Both interpreters, in turn: every request is received (held).
        for _ in range(2):
            _submit(
                org_a,
                code_a,
                requester_a,
                arabic,
                f"{hour:02d}:00",
                minutes_ago=90 - offset,
                day=day,
            )
    received = Booking.objects.filter(status=Booking.Status.RECEIVED).count()
    assert received > QUEUE_PAGE_SIZE
    per_booking = 5  # the five queries of load_candidates
    with django_assert_max_num_queries(QUEUE_PAGE_SIZE * per_booking + 13):
        response = client.get("/requests/queue/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-3 queue-entry"') == QUEUE_PAGE_SIZE
