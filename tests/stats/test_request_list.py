"""Toutes les demandes: scope, filters, sorting, pages and bad input."""

import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.bookings.models import Booking
from tests.bookings.helpers import at
from tests.conftest import client_for, page_text
from tests.stats.conftest import make_request

URL = reverse("stats:requests")


def numbers(response) -> list[int]:
    """The request numbers of the table, in the order shown."""
    return [int(n) for n in re.findall(r">#(\d+)</a></td>", response.content.decode())]


def test_a_member_sees_every_request_of_the_institution_whatever_the_code(requests_ab, requester_a):
    response = client_for(requester_a).get(URL)
    assert response.status_code == 200
    r = requests_ab
    # Newest first; both of A's billing codes and both contacts; never B's or a draft.
    assert numbers(response) == [r["a_cancelled"].pk, r["a_onsite"].pk, r["a_video"].pk]
    text = page_text(response)
    assert "3 demandes" in text
    assert "CPAS-SG-02" in text
    assert "Hôpital" not in text


def test_a_coordinator_sees_every_institution_and_may_filter_on_one(
    requests_ab, coordinator, org_b
):
    client = client_for(coordinator)
    everything = numbers(client.get(URL))
    assert requests_ab["b_phone"].pk in everything
    assert requests_ab["a_draft"].pk not in everything
    assert numbers(client.get(URL, {"organisation": org_b.pk})) == [requests_ab["b_phone"].pk]


def test_each_filter_keeps_only_its_rows(requests_ab, requester_a, manager_a, tigrinya, org_a):
    client = client_for(requester_a)
    r = requests_ab
    cases = [
        ({"status": "cancelled"}, [r["a_cancelled"]]),
        ({"type": "on_site"}, [r["a_onsite"]]),
        ({"language": tigrinya.pk}, [r["a_onsite"]]),
        ({"billing_code": r["a_onsite"].billing_code_id}, [r["a_onsite"]]),
        ({"contact": manager_a.pk}, [r["a_onsite"]]),
        ({"place": org_a.official_place.pk}, [r["a_onsite"]]),
        ({"date_from": "2030-06-04", "date_to": "2030-06-04"}, [r["a_onsite"]]),
        ({"date_from": "2030-06-04"}, [r["a_cancelled"], r["a_onsite"]]),
        ({"q": "dos-17"}, [r["a_video"]]),
        ({"q": f"#{r['a_onsite'].pk}"}, [r["a_onsite"]]),
        ({"status": "", "q": " "}, [r["a_cancelled"], r["a_onsite"], r["a_video"]]),
    ]
    for query, expected in cases:
        assert numbers(client.get(URL, query)) == [b.pk for b in expected], query


def test_today_upcoming_and_past_follow_the_brussels_calendar(
    requests_ab, requester_a, org_a, code_a, arabic
):
    late_evening = make_request(org_a, code_a, requester_a, arabic, "2030-06-04", "19:30")
    r = requests_ab
    # 4 June 2030, 11:00 in Brussels: the on-site request (14:00) and the evening one are today.
    with time_machine.travel(at("2030-06-04", "11:00"), tick=False):
        client = client_for(requester_a)
        assert numbers(client.get(URL, {"period": "today"})) == [late_evening.pk, r["a_onsite"].pk]
        assert numbers(client.get(URL, {"period": "past"})) == [r["a_video"].pk]
        assert r["a_cancelled"].pk in numbers(client.get(URL, {"period": "upcoming"}))


def test_every_column_sorts_both_ways(requests_ab, requester_a, coordinator):
    client = client_for(coordinator)
    for key in (
        "start",
        "number",
        "type",
        "language",
        "institution",
        "billing_code",
        "contact",
        "duration",
        "status",
        "submitted",
        "reference",
    ):
        up = numbers(client.get(URL, {"sort": key}))
        down = numbers(client.get(URL, {"sort": f"-{key}"}))
        assert (
            sorted(up)
            == sorted(down)
            == sorted(b.pk for name, b in requests_ab.items() if name != "a_draft")
        ), key
    r = requests_ab
    by_language = numbers(client_for(requester_a).get(URL, {"sort": "language"}))
    # "arabe" before "tigrigna"; ties by date.
    assert by_language == [r["a_video"].pk, r["a_cancelled"].pk, r["a_onsite"].pk]
    header = client.get(URL, {"sort": "-duration"}).content.decode()
    assert 'aria-sort="descending"' in header


def test_filters_stay_in_the_links_of_sorting_and_pages(org_a, code_a, requester_a, arabic):
    for day in range(1, 29):
        make_request(org_a, code_a, requester_a, arabic, f"2030-02-{day:02d}")
        make_request(org_a, code_a, requester_a, arabic, f"2030-02-{day:02d}", "14:00")
    response = client_for(requester_a).get(URL, {"status": "confirmed", "sort": "start"})
    content = response.content.decode()
    assert "56 demandes" in page_text(response)
    assert "?status=confirmed&amp;sort=start&amp;page=2" in content
    assert "?status=confirmed&amp;sort=duration" in content
    assert "/stats/requests/export.xlsx?status=confirmed&amp;sort=start" in content
    second = client_for(requester_a).get(URL, {"status": "confirmed", "sort": "start", "page": 2})
    assert len(numbers(second)) == 6


def test_bad_input_gets_a_message_and_no_rows(requests_ab, requester_a, code_b, org_b, requester_b):
    client = client_for(requester_a)
    for query in (
        {"sort": "password"},
        {"date_from": "2030-02-31"},
        {"date_from": "yesterday"},
        {"date_from": "2030-06-05", "date_to": "2030-06-01"},
        {"billing_code": code_b.pk},
        {"organisation": org_b.pk},
        {"contact": requester_b.pk},
        {"language": "arabic"},
        {"status": "draft"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200, query
        assert numbers(response) == [], query
        assert "Veuillez corriger" in page_text(response), query


def test_pages_out_of_range_show_the_nearest_page(requests_ab, requester_a):
    client = client_for(requester_a)
    assert len(numbers(client.get(URL, {"page": 999}))) == 3
    assert len(numbers(client.get(URL, {"page": "abc"}))) == 3
    assert len(numbers(client.get(URL, {"page": -1}))) == 3


def test_no_institution_no_list(interpreter, client):
    assert client_for(interpreter).get(URL).status_code == 404
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_costs_the_same_queries_for_5_or_60_rows(
    org_a, code_a, requester_a, coordinator, arabic, django_assert_max_num_queries
):
    clients = {user: client_for(user) for user in (requester_a, coordinator)}

    def count(user) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert clients[user].get(URL, {"sort": "language"}).status_code == 200
        return len(queries)

    for day in range(1, 6):
        make_request(org_a, code_a, requester_a, arabic, f"2030-03-{day:02d}")
    few = {user: count(user) for user in clients}
    for day in range(1, 29):
        make_request(org_a, code_a, requester_a, arabic, f"2030-04-{day:02d}")
        make_request(org_a, code_a, requester_a, arabic, f"2030-05-{day:02d}")
    for user, client in clients.items():
        with django_assert_max_num_queries(few[user]):
            response = client.get(URL, {"sort": "language"})
        assert len(numbers(response)) == 50
    # Session, user, scope, count, rows, menus of the filters, bell: a fixed few.
    assert max(few.values()) <= 16


def test_drafts_stay_out_even_when_asked_for_by_number(requests_ab, requester_a):
    draft = requests_ab["a_draft"]
    assert draft.status == Booking.Status.DRAFT
    assert numbers(client_for(requester_a).get(URL, {"q": str(draft.pk)})) == []
