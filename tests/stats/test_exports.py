"""Exports of "All requests": exactly the filtered rows, typed, in the user's language."""

import csv
import io
from datetime import datetime, timedelta

from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import client_for

XLSX = reverse("stats:export_requests", kwargs={"format": "xlsx"})
CSV = reverse("stats:export_requests", kwargs={"format": "csv"})


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_excel_file_holds_the_filtered_rows_typed(requests_ab, requester_a):
    response = client_for(requester_a).get(XLSX, {"sort": "start", "type": "video"})
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Numéro", "Date et heure", "Durée", "Type de prestation")
    # Two of A's video requests (the draft and B's phone call never), in date order.
    video, cancelled = requests_ab["a_video"], requests_ab["a_cancelled"]
    assert [row[0] for row in rows[1:]] == [video.pk, cancelled.pk]
    first = rows[1]
    # The Brussels wall clock of the booking, as a real date cell; a real duration.
    assert first[1] == datetime(2030, 6, 3, 10, 0)
    assert first[2] == timedelta(hours=1)
    assert first[3] == "Visioconférence"
    assert first[4] == "Arabe"
    assert first[7] == "CPAS-SG-01"
    assert first[8] == "Amina Requester"
    assert first[10] == "DOS-17"
    assert rows[2][11] == "Annulée" and rows[2][12] == "oui"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N3"
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["C2"].number_format == "[h]:mm"


def test_headers_follow_the_language_of_the_person(requests_ab, requester_b):
    sheet = workbook(client_for(requester_b).get(XLSX)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nummer", "Datum en uur", "Duur")
    assert [row[0] for row in rows[1:]] == [requests_ab["b_phone"].pk]


def test_the_csv_file_holds_the_same_rows(requests_ab, requester_a):
    response = client_for(requester_a).get(CSV, {"sort": "start"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Numéro"
    r = requests_ab
    assert [int(row[0]) for row in rows[1:]] == [
        r["a_video"].pk,
        r["a_onsite"].pk,
        r["a_cancelled"].pk,
    ]
    assert rows[1][1] == "2030-06-03 10:00" and rows[2][2] == "1:30"


def test_an_export_of_nothing_is_a_file_with_its_header_only(requests_ab, requester_a):
    rows = list(
        workbook(client_for(requester_a).get(XLSX, {"q": "no such reference"})).active.values
    )
    assert len(rows) == 1


def test_filters_someone_may_not_use_export_nothing(requests_ab, requester_a, code_b, org_b):
    client = client_for(requester_a)
    for query in ({"billing_code": code_b.pk}, {"organisation": org_b.pk}, {"sort": "secret"}):
        assert len(list(workbook(client.get(XLSX, query)).active.values)) == 1, query
        text = b"".join(client.get(CSV, query).streaming_content).decode()
        assert len(text.strip().splitlines()) == 1, query


def test_only_members_and_coordinators_export(requests_ab, interpreter, coordinator, client):
    assert client_for(interpreter).get(XLSX).status_code == 404
    assert client.get(CSV).status_code == 302
    assert client_for(coordinator).get(reverse("stats:requests") + "export.pdf").status_code == 404
    rows = list(workbook(client_for(coordinator).get(XLSX)).active.values)
    assert len(rows) == 1 + 4  # every institution's, drafts aside
