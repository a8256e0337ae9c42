"""Invoices through the API: the institution's invoices and credit notes with
the Factures tab's filters, one invoice with its lines, its PDF and UBL XML
for the payer only; another institution's are a 404."""

from datetime import date

import pytest
from django.test import Client

from relais.interpreters.models import Modality
from relais.invoicing.credit_notes import issue_credit_note, mark_invoice_paid
from relais.invoicing.services import issue_invoices
from relais.organisations.models import BillingCode
from tests.api.conftest import ApiClient
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated


@pytest.fixture
def june(
    org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, arabic_interpreter, coordinator
):
    """A's on-site hour and B's video call in June, validated."""
    all_tariffs()
    return {
        "a": validated(org_a, code_a, requester_a, arabic, arabic_interpreter, coordinator),
        "b": validated(
            org_b,
            code_b,
            requester_b,
            arabic,
            arabic_interpreter,
            coordinator,
            day="2030-06-04",
            modality=Modality.VIDEO,
        ),
    }


def issue():
    result = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST)
    return {invoice.payer_id: invoice for invoice in result.invoices}


@pytest.fixture
def issued(june, org_a, org_b):
    invoices = issue()
    return invoices[org_a.pk], invoices[org_b.pk]


def download(token: str, path: str):
    """The documents are not JSON: fetched with a plain client."""
    return Client().get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def numbers(api, **params) -> list[str]:
    response = api.get("/invoices", params)
    assert response.status_code == 200
    return [row["number"] for row in response.json()["results"]]


def test_it_lists_the_institutions_invoices_only(api_a, api_b, issued):
    mine, theirs = issued
    response = api_a.get("/invoices")
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    (row,) = body["results"]
    assert row["number"] == mine.number
    assert row["yours"] is True
    assert row["total_incl_vat"] == f"{mine.total_incl_vat}"
    assert row["outstanding"] == f"{mine.total_incl_vat}"
    assert (row["status"], row["overdue"], row["corrects"]) == ("issued", False, None)
    assert numbers(api_b) == [theirs.number]


def test_one_invoice_with_its_lines(api_a, issued, june):
    mine, _ = issued
    response = api_a.get(f"/invoices/{mine.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == mine.number
    assert {line["request_id"] for line in body["lines"]} == {june["a"].pk}
    assert {line["billing_code"] for line in body["lines"]} == {"CPAS-SG-01 — Service social"}
    assert sum(float(line["amount"]) for line in body["lines"]) == float(mine.total_excl_vat)


def test_the_payer_downloads_the_pdf_and_the_xml(token_a, issued):
    mine, _ = issued
    response = download(token_a[1], f"/invoices/{mine.number}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{mine.number}.pdf"' in response["Content-Disposition"]
    response = download(token_a[1], f"/invoices/{mine.number}.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert f"<cbc:ID>{mine.number}</cbc:ID>".encode() in response.content


def test_another_institutions_invoice_is_not_found(api_a, token_a, issued):
    _, theirs = issued
    for path in [f"/invoices/{theirs.number}", "/invoices/F2099-99999"]:
        response = api_a.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    for suffix in (".pdf", ".xml"):
        response = download(token_a[1], f"/invoices/{theirs.number}{suffix}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_lines_of_a_payers_invoice_without_its_documents(
    june, org_a, org_b, requester_a, arabic, arabic_interpreter, coordinator, api_a, token_a, api_b
):
    """A code A uses and B pays: A sees its own lines of B's invoice, never the rest."""
    shared = BillingCode.objects.create(code="HSP-PARTNER", label="Partenariat", payer=org_b)
    shared.organisations.add(org_a)
    billed_for_a = validated(
        org_a, shared, requester_a, arabic, arabic_interpreter, coordinator, day="2030-06-20"
    )
    invoice_b = issue()[org_b.pk]
    rows = {row["number"]: row for row in api_a.get("/invoices").json()["results"]}
    assert rows[invoice_b.number]["yours"] is False
    lines = api_a.get(f"/invoices/{invoice_b.number}").json()["lines"]
    assert {line["request_id"] for line in lines} == {billed_for_a.pk}
    assert {line["billing_code"] for line in lines} == {"HSP-PARTNER — Partenariat"}
    for suffix in (".pdf", ".xml"):
        assert download(token_a[1], f"/invoices/{invoice_b.number}{suffix}").status_code == 404
    everything = api_b.get(f"/invoices/{invoice_b.number}").json()["lines"]
    assert {line["request_id"] for line in everything} == {billed_for_a.pk, june["b"].pk}


def test_filters_by_status_kind_period_and_number(api_a, issued, coordinator):
    mine, _ = issued
    note = issue_credit_note(invoice=mine, by=coordinator, reason="Erreur de durée", amount="5")
    assert set(numbers(api_a)) == {mine.number, note.number}
    assert numbers(api_a, kind="credit_note") == [note.number]
    assert numbers(api_a, kind="invoice") == [mine.number]
    assert numbers(api_a, status="unpaid") == [mine.number]
    assert numbers(api_a, status="paid") == []
    assert numbers(api_a, number=note.number) == [note.number]
    assert numbers(api_a, period_from="2030-07-01") == []
    assert set(numbers(api_a, period_from="2030-06-15", period_to="2030-06-20")) == {
        mine.number,
        note.number,
    }
    row = next(r for r in api_a.get("/invoices").json()["results"] if r["number"] == note.number)
    assert (row["kind"], row["corrects"]) == ("credit_note", mine.number)
    mark_invoice_paid(invoice=mine, by=coordinator, paid_on=date(2030, 7, 10))
    assert numbers(api_a, status="paid") == [mine.number]


def test_bad_filters_are_refused_in_the_documented_shape(api_a, issued):
    for params in [
        {"status": "lost"},
        {"kind": "receipt"},
        {"period_from": "June"},
        {"page": 0},
        {"period_from": "2030-07-01", "period_to": "2030-06-01"},
    ]:
        response = api_a.get("/invoices", params)
        assert response.status_code == 422, params
        assert response.json()["code"] == "invalid"


def test_it_needs_a_token(issued):
    mine, _ = issued
    assert ApiClient(None).get("/invoices").status_code == 401
    assert ApiClient("nope").get(f"/invoices/{mine.number}").status_code == 401
    assert download("nope", f"/invoices/{mine.number}.pdf").status_code == 401
