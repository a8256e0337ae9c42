"""Infos et statistiques: the figures of a period, their tables, charts and export."""

import io
import json
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from relais.stats import figures
from relais.stats.queries import submitted_requests
from tests.bookings.helpers import at
from tests.conftest import client_for, page_text
from tests.stats.conftest import make_request

URL = reverse("stats:statistics")
PERIOD = {"month_from": "2030-01", "month_to": "2030-03"}


@pytest.fixture
def quarter(org_a, org_b, code_a, code_b, requester_a, requester_b, arabic, tigrinya):
    """The first quarter of 2030 at A (and one request of B's that A never counts)."""
    S = Booking.Status
    rows = [
        ("2030-01-07", arabic, S.VALIDATED, {"duration_minutes": 90}),
        ("2030-01-08", arabic, S.CONFIRMED, {}),
        ("2030-01-09", tigrinya, S.UNFILLED, {}),
        ("2030-02-04", tigrinya, S.UNFILLED, {}),
        ("2030-02-05", tigrinya, S.WAITLISTED, {}),
        ("2030-02-06", arabic, S.CANCELLED, {}),
        ("2030-03-04", arabic, S.CANCELLED, {"late_cancellation": True}),
        ("2030-03-05", arabic, S.PERFORMED, {"modality": Modality.PHONE, "duration_minutes": 30}),
        ("2030-03-06", arabic, S.DRAFT, {}),
        ("2030-04-01", arabic, S.VALIDATED, {}),  # after the period
    ]
    for day, language, status, extra in rows:
        make_request(org_a, code_a, requester_a, language, day, status=status, **extra)
    make_request(org_b, code_b, requester_b, arabic, "2030-01-07", status=S.UNFILLED)


def test_the_figures_of_a_quarter(quarter, requester_a):
    result = figures.compute(
        submitted_requests(requester_a), first=date(2030, 1, 1), last=date(2030, 3, 1)
    )
    total = result.total
    assert total.requests == 8  # no draft, nothing outside the period, nothing of B
    assert (total.fulfilled, total.unfilled, total.waiting) == (3, 2, 1)
    assert (total.cancelled, total.late_cancelled) == (1, 1)
    assert total.hours == 3.0  # 90 + 60 + 30 minutes carried out
    assert total.fulfilment == pytest.approx(3 / 5)
    assert total.lead_days == 4.0  # every request came four days ahead
    assert [t.requests for t in result.by_month] == [3, 3, 2]
    assert [(t.label, t.requests) for t in result.by_language] == [("Arabe", 5), ("Tigrigna", 3)]
    assert [(t.label, t.requests) for t in result.by_type] == [
        ("Visioconférence", 7),
        ("Téléphone", 1),
    ]
    # Unmet demand: Tigrinya, one in January, two in February (unfilled or waiting).
    assert result.unmet == [("Tigrigna", [1, 2, 0], 3)]


def test_a_service_at_half_past_midnight_counts_in_its_brussels_month(
    org_a, code_a, requester_a, arabic
):
    # 1 March 2030, 00:30 in Brussels is still February in UTC.
    make_request(org_a, code_a, requester_a, arabic, "2030-03-01", "00:30")
    result = figures.compute(
        submitted_requests(requester_a), first=date(2030, 2, 1), last=date(2030, 3, 1)
    )
    assert [t.requests for t in result.by_month] == [0, 1]


def test_the_page_shows_each_table_and_its_chart(quarter, requester_a):
    response = client_for(requester_a).get(URL, PERIOD)
    assert response.status_code == 200
    text = page_text(response)
    for title in (
        "Demandes et heures par mois",
        "Demandes par langue",
        "Demandes par type de prestation",
        "Demandes par code de facturation",
    ):
        assert title in text
    # Unmet demand is the service's business, not the institution's.
    assert "Demande non couverte par langue" not in text
    assert "60\u00a0%" in text  # fulfilment rate
    content = response.content.decode()
    charts = re.findall(
        r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', content
    )
    assert {name for name, _ in charts} >= {"chart-months-0", "chart-months-1", "chart-languages-0"}
    months = json.loads(dict(charts)["chart-months-0"])
    assert months["data"]["datasets"][0]["data"] == [3, 3, 2]
    # Each chart is an image with a name, and its table follows it.
    assert 'role="img" aria-label="Graphique\u00a0: Demandes par langue.' in content
    assert 'stats-table" id="languages-table">' in content


def test_coordinators_see_the_whole_service_and_unmet_demand(quarter, coordinator, org_b):
    client = client_for(coordinator)
    text = page_text(client.get(URL, PERIOD))
    assert "Demande non couverte par langue" in text
    result = client.get(URL, PERIOD).context["figures"]
    assert result.total.requests == 9
    assert result.unmet[0] == ("Tigrigna", [1, 2, 0], 3)
    only_b = client.get(URL, PERIOD | {"organisation": org_b.pk}).context["figures"]
    assert only_b.total.requests == 1 and only_b.unmet == [("Arabe", [1, 0, 0], 1)]


def test_the_default_period_is_the_last_twelve_months(requester_a):
    with time_machine.travel(at("2030-05-20", "12:00"), tick=False):
        response = client_for(requester_a).get(URL)
    form = response.context["form"]
    assert form.cleaned_data["month_from"] == date(2029, 6, 1)
    assert form.cleaned_data["month_to"] == date(2030, 5, 1)
    assert len(response.context["figures"].by_month) == 12


def test_bad_periods_get_a_message(requester_a, org_b, code_b):
    client = client_for(requester_a)
    for query, message in (
        ({"month_from": "2030-13"}, "Saisissez une date valide"),
        ({"month_from": "soon"}, "Saisissez une date valide"),
        ({"month_from": "2030-05", "month_to": "2030-01"}, "La fin de la période précède"),
        ({"month_from": "2020-01", "month_to": "2030-01"}, "36 mois au plus"),
        ({"organisation": org_b.pk}, "Sélectionnez un choix valide"),
        ({"billing_code": code_b.pk}, "Sélectionnez un choix valide"),
    ):
        response = client.get(URL, query)
        assert response.status_code == 200, query
        assert message in page_text(response), query
        assert response.context["figures"] is None
        export = client.get(reverse("stats:export_statistics"), query)
        assert export.status_code == 200 and export["Content-Type"].startswith("text/html")


def test_the_page_costs_the_same_queries_for_few_or_many_requests(
    org_a, code_a, requester_a, coordinator, arabic, tigrinya, django_assert_max_num_queries
):
    clients = {user: client_for(user) for user in (requester_a, coordinator)}

    def count(client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, PERIOD).status_code == 200
        return len(queries)

    make_request(org_a, code_a, requester_a, arabic, "2030-01-07")
    few = {user: count(client) for user, client in clients.items()}
    for day in range(1, 29):
        for language, status in ((arabic, Booking.Status.VALIDATED), (tigrinya, "unfilled")):
            make_request(org_a, code_a, requester_a, language, f"2030-02-{day:02d}", status=status)
    for user, client in clients.items():
        with django_assert_max_num_queries(few[user]):
            client.get(URL, PERIOD)
    assert max(few.values()) <= 14


def test_the_excel_export_has_one_sheet_per_table(quarter, coordinator):
    response = client_for(coordinator).get(reverse("stats:export_statistics"), PERIOD)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [
        "Par mois",
        "Par langue",
        "Par type de prestation",
        "Par code de facturation",
        "Demande non couverte",
    ]
    months = list(book["Par mois"].values)
    assert months[0][:3] == ("Mois", "Demandes", "Heures d\u2019interprétation")
    assert [row[1] for row in months[1:]] == [4, 3, 2, 9]  # three months and the total
    assert months[-1][0] == "Total"
    assert months[1][8] == pytest.approx(2 / 4)  # a real percentage cell
    unmet = list(book["Demande non couverte"].values)
    assert unmet[1][0] == "Tigrigna" and unmet[1][-1] == 3


def test_no_statistics_without_an_institution(interpreter, client):
    assert client_for(interpreter).get(URL).status_code == 404
    assert client.get(URL).status_code == 302


def test_an_empty_period_says_so(requester_a):
    response = client_for(requester_a).get(URL, PERIOD)
    assert "Aucune demande pendant cette période." in page_text(response)
    assert response.context["figures"].total.lead_days is None


def test_lead_time_counts_days_between_request_and_service(org_a, code_a, requester_a, arabic):
    booking = make_request(org_a, code_a, requester_a, arabic, "2030-01-10")
    booking.submitted_at = booking.start - timedelta(days=10, hours=12)
    booking.save()
    result = figures.compute(
        submitted_requests(requester_a), first=date(2030, 1, 1), last=date(2030, 1, 1)
    )
    assert result.total.lead_days == 10.5
