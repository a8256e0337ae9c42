"""The coordinators' invoicing pages: the run (preview, then issue), the
overview, a payment, a credit note, sending again, the tariffs. Only
coordinators reach them; bad input gets its message and changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from relais.invoicing.credit_notes import issue_credit_note
from relais.invoicing.models import Invoice, Tariff
from relais.invoicing.services import issue_invoices
from relais.notifications.models import OutboxEmail
from relais.organisations.models import Organisation
from tests.bookings.helpers import at
from tests.conftest import client_for, in_language, page_text
from tests.invoicing.helpers import JULY_FIRST, JUNE, saved_tariff

D = Decimal
pytestmark = pytest.mark.django_db

# A day of July 2030: June is over, July is not.
JULY_2ND = at("2030-07-02", "10:00")


@pytest.fixture
def issued(june, coordinator):
    """June's invoices, issued on 1 July: A's (160 €, four lines) and B's."""
    result = issue_invoices(
        period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST
    )
    return {invoice.payer.name: invoice for invoice in result.invoices}


@pytest.fixture
def invoice_a(issued, org_a):
    return issued[org_a.name]


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(JULY_2ND, tick=False)
    return time_machine


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def counts():
    """What a refused action must leave as it was."""
    return (
        Invoice.objects.count(),
        Invoice.objects.filter(status=Invoice.Status.PAID).count(),
        Tariff.objects.count(),
        OutboxEmail.objects.count(),
    )


# -- Who may --------------------------------------------------------------------------


def _urls(number: str, tariff_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("invoicing:run")),
        ("post", reverse("invoicing:run")),
        ("get", reverse("invoicing:overview")),
        ("get", reverse("invoicing:paid", kwargs={"number": number})),
        ("post", reverse("invoicing:paid", kwargs={"number": number})),
        ("get", reverse("invoicing:credit", kwargs={"number": number})),
        ("post", reverse("invoicing:credit", kwargs={"number": number})),
        ("get", reverse("invoicing:send", kwargs={"number": number})),
        ("post", reverse("invoicing:send", kwargs={"number": number})),
        ("get", reverse("invoicing:tariffs")),
        ("get", reverse("invoicing:tariff_new")),
        ("post", reverse("invoicing:tariff_new")),
        ("get", reverse("invoicing:tariff_edit", kwargs={"pk": tariff_pk})),
        ("post", reverse("invoicing:tariff_edit", kwargs={"pk": tariff_pk})),
    ]


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "interpreter", "requester_b"])
def test_nobody_but_a_coordinator_reaches_them(request, persona, invoice_a, clock):
    client = client_for(request.getfixturevalue(persona))
    before = counts()
    tariff = Tariff.objects.first()
    data = {"month": "2030-06", "paid_on": "2030-07-02", "reason": "x", "to": "x@example.org"}
    for method, url in _urls(invoice_a.number, tariff.pk):
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (method, url)
    assert counts() == before


def test_a_visitor_is_sent_to_the_login_page(invoice_a):
    response = client_for(None).get(reverse("invoicing:run"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_coordinator_opens_every_page(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    for method, url in _urls(invoice_a.number, Tariff.objects.first().pk):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_an_unknown_number_is_not_found(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    assert client.get(reverse("invoicing:paid", kwargs={"number": "2030-99999"})).status_code == 404
    note = issue_credit_note(invoice=invoice_a, by=coordinator, reason="Erreur", now=JULY_2ND)
    # A credit note is neither paid nor credited; it can be sent again.
    assert client.get(reverse("invoicing:paid", kwargs={"number": note.number})).status_code == 404
    assert (
        client.get(reverse("invoicing:credit", kwargs={"number": note.number})).status_code == 404
    )
    assert client.get(reverse("invoicing:send", kwargs={"number": note.number})).status_code == 200


# -- The run ------------------------------------------------------------------------------


def test_the_run_proposes_last_month(coordinator, clock):
    response = client_for(coordinator).get(reverse("invoicing:run"))
    assert response.context["form"]["month"].value() == "2030-06"
    assert "preview" not in response.context


def test_the_preview_shows_each_payer_and_its_problems(june, coordinator, org_a, org_b, clock):
    Organisation.objects.filter(pk=org_b.pk).update(enterprise_number="")
    Tariff.objects.filter(modality=Modality.VIDEO).delete()
    response = client_for(coordinator).get(reverse("invoicing:run"), {"month": "2030-06"})
    text = page_text(response)
    drafts = {draft.payer.name: draft for draft in response.context["preview"].payers}
    assert len(drafts[org_a.name].bookings) == 3
    assert (
        in_language(
            "fr",
            "%(payer)s has no enterprise number: its invoice was not issued.",
            payer=org_b.name,
        )
        in drafts[org_b.name].problems
    )
    (missing,) = drafts[org_a.name].problems
    assert f"{june['video'].pk}" in missing
    for problem in [*drafts[org_a.name].problems, *drafts[org_b.name].problems]:
        assert problem in text
    assert response.context["issuable"] == []
    assert in_language("fr", "No invoice can be issued for this period.") in text
    assert Invoice.objects.count() == 0


def test_the_preview_lists_totals_and_offers_to_issue(june, coordinator, org_a, clock):
    response = client_for(coordinator).get(reverse("invoicing:run"), {"month": "2030-06"})
    text = page_text(response)
    assert org_a.name in text
    assert "160,00" in text  # A's total, in French
    assert len(response.context["issuable"]) == 2
    assert in_language("fr", "Issue the invoices") in text
    assert Invoice.objects.count() == 0  # a preview writes nothing


def test_a_coordinator_issues_the_month_then_nothing_twice(june, coordinator, org_a, clock):
    client = client_for(coordinator)
    response = client.post(reverse("invoicing:run"), {"month": "2030-06"}, follow=True)
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == ["2030-00001", "2030-00002"]
    said = messages_of(response)[0]
    assert "2030-00002" in said and org_a.name in said
    assert response.context["issued"].count() == 2
    june["on_site"].refresh_from_db()
    assert june["on_site"].status == Booking.Status.INVOICED
    assert Invoice.objects.get(number="2030-00001").issued_by == coordinator

    again = client.post(reverse("invoicing:run"), {"month": "2030-06"}, follow=True)
    assert Invoice.objects.count() == 2
    assert messages_of(again) == [
        in_language(
            "fr",
            "Nothing new to invoice up to %(day)s: every billable service is already invoiced.",
            day="30/06/2030",
        )
    ]


def test_a_payer_with_a_problem_is_skipped_and_named(june, coordinator, org_b, clock):
    Organisation.objects.filter(pk=org_b.pk).update(enterprise_number="")
    response = client_for(coordinator).post(
        reverse("invoicing:run"), {"month": "2030-06"}, follow=True
    )
    assert Invoice.objects.count() == 1
    said = messages_of(response)
    assert any(org_b.name in message and "2030-00001" not in message for message in said)


@pytest.mark.parametrize("month", ["2030-07", "2030-13", "juin", ""])
def test_an_open_or_wrong_month_is_refused(june, coordinator, clock, month):
    client = client_for(coordinator)
    before = counts()
    for response in (
        client.post(reverse("invoicing:run"), {"month": month}),
        client.get(reverse("invoicing:run"), {"month": month}),
    ):
        assert response.status_code == 200
        assert response.context["form"].errors["month"]
        assert "preview" not in response.context
    assert counts() == before
    if month == "2030-07":
        assert response.context["form"].errors["month"] == [
            in_language(
                "fr",
                "The period is not over yet: it can be invoiced from %(day)s.",
                day="01/08/2030",
            )
        ]


def test_the_run_answers_in_dutch(june, coordinator, clock):
    coordinator.language = "nl"
    coordinator.save(update_fields=["language"])
    client = client_for(coordinator)
    response = client.post(reverse("invoicing:run"), {"month": "2030-07"})
    assert in_language(
        "nl", "The period is not over yet: it can be invoiced from %(day)s.", day="01/08/2030"
    ) in page_text(response)


# -- The overview ------------------------------------------------------------------------


def test_the_overview_shows_billed_unbilled_and_overdue(
    june, coordinator, org_a, issued, invoice_a, requester_a, arabic, ilham, code_a, time_machine
):
    from tests.invoicing.helpers import validated

    validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-07-01")
    issue_credit_note(invoice=invoice_a, by=coordinator, reason="Erreur", amount="10", now=JULY_2ND)
    # 5 August: both invoices are past due (31 July); A's is paid.
    time_machine.move_to(at("2030-08-05", "10:00"), tick=False)
    invoice_b = next(invoice for invoice in issued.values() if invoice != invoice_a)
    client = client_for(coordinator)
    response = client.get(reverse("invoicing:overview"))
    month, year = (billed for _label, billed in response.context["periods"])
    assert (month["invoices"], month["invoiced"]) == (0, D("0.00"))  # nothing issued in August
    assert (year["invoices"], year["invoiced"]) == (
        2,
        invoice_a.total_incl_vat + invoice_b.total_incl_vat,
    )
    assert (year["credit_notes"], year["credited"]) == (1, D("10.00"))
    unbilled = response.context["unbilled"]
    assert unbilled["services"] == 1 and unbilled["amount"] == D("60.00")  # 1 h + travel
    assert [invoice.number for invoice in response.context["overdue"]] == [
        invoice_a.number,
        invoice_b.number,
    ]
    assert response.context["overdue"][0].outstanding == D("150.00")
    text = page_text(response)
    assert reverse("invoicing:detail", kwargs={"number": invoice_a.number}) in text
    assert reverse("records:to_invoice") in text

    client.post(
        reverse("invoicing:paid", kwargs={"number": invoice_a.number}), {"paid_on": "2030-08-01"}
    )
    response = client.get(reverse("invoicing:overview"))
    assert [invoice.number for invoice in response.context["overdue"]] == [invoice_b.number]


# -- Paid ---------------------------------------------------------------------------------


def test_a_coordinator_marks_an_invoice_paid(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    url = reverse("invoicing:paid", kwargs={"number": invoice_a.number})
    assert client.get(url).context["form"]["paid_on"].value() == date(2030, 7, 2)
    response = client.post(url, {"paid_on": "2030-07-01"})
    assert response["Location"] == reverse("invoicing:detail", kwargs={"number": invoice_a.number})
    assert messages_of(client.get(reverse("invoicing:overview"))) == [
        in_language(
            "fr",
            "Invoice %(number)s is marked paid on %(day)s.",
            number=invoice_a.number,
            day="01/07/2030",
        )
    ]
    invoice_a.refresh_from_db()
    assert (invoice_a.status, invoice_a.paid_at) == (Invoice.Status.PAID, date(2030, 7, 1))
    # Paid already: said so.
    response = client.get(url, follow=True)
    assert messages_of(response) == [
        in_language(
            "fr",
            "Invoice %(number)s is already paid (%(day)s).",
            number=invoice_a.number,
            day="01/07/2030",
        )
    ]


@pytest.mark.parametrize(
    ("paid_on", "message", "params"),
    [
        ("2030-07-03", "A payment cannot be dated in the future.", {}),
        (
            "2030-06-30",
            "A payment cannot come before the invoice was issued (%(day)s).",
            {"day": "01/07/2030"},
        ),
        ("", "Give the day of the payment.", {}),
    ],
)
def test_a_wrong_payment_date_is_refused(coordinator, invoice_a, clock, paid_on, message, params):
    before = counts()
    response = client_for(coordinator).post(
        reverse("invoicing:paid", kwargs={"number": invoice_a.number}), {"paid_on": paid_on}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["paid_on"] == [in_language("fr", message, **params)]
    assert counts() == before


# -- Credit notes --------------------------------------------------------------------------


def test_a_coordinator_credits_one_line(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    url = reverse("invoicing:credit", kwargs={"number": invoice_a.number})
    response = client.get(url)
    assert response.context["remaining"] == D("160.00")
    line = invoice_a.lines.get(position=2)  # travel, 10 €
    response = client.post(
        url, {"what": "lines", "lines": [line.pk], "reason": "Pas de déplacement"}
    )
    assert response["Location"] == reverse("invoicing:detail", kwargs={"number": invoice_a.number})
    note = invoice_a.credit_notes.get()
    assert (note.number, note.total_excl_vat, note.reason) == (
        "C2030-00001",
        D("10.00"),
        "Pas de déplacement",
    )
    # What remains, and the credited line no longer offered.
    response = client.get(url)
    assert response.context["remaining"] == D("150.00")
    assert line not in response.context["form"].fields["lines"].queryset


def test_a_coordinator_credits_in_full_or_an_amount(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    url = reverse("invoicing:credit", kwargs={"number": invoice_a.number})
    client.post(url, {"what": "amount", "amount": "20.50", "reason": "Geste commercial"})
    client.post(url, {"what": "full", "amount": "", "reason": "Facture annulée"})
    notes = list(invoice_a.credit_notes.order_by("number").values_list("total_excl_vat", flat=True))
    # The full credit after an amount would exceed the invoice: refused.
    assert notes == [D("20.50")]
    response = client.get(url)
    assert response.context["remaining"] == D("139.50")


@pytest.mark.parametrize(
    ("data", "field", "message", "params"),
    [
        ({"what": "full", "reason": "  "}, "reason", "Say why the invoice is credited.", {}),
        (
            {"what": "amount", "amount": "160.01", "reason": "Trop"},
            "amount",
            "The credit note (%(amount)s € excl. VAT) would be larger than what remains "
            "creditable on invoice %(number)s (%(remaining)s €).",
            {"amount": "160.01", "number": "2030-00001", "remaining": "160.00"},
        ),
        (
            {"what": "amount", "amount": "", "reason": "Trop"},
            "amount",
            "Give the amount to credit.",
            {},
        ),
        ({"what": "lines", "reason": "Trop"}, "lines", "Choose the lines to credit.", {}),
    ],
)
def test_a_wrong_credit_note_is_refused(
    coordinator, invoice_a, clock, data, field, message, params
):
    assert invoice_a.number == "2030-00001"
    before = counts()
    response = client_for(coordinator).post(
        reverse("invoicing:credit", kwargs={"number": invoice_a.number}), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [in_language("fr", message, **params)]
    assert counts() == before


def test_a_credit_larger_than_what_remains_is_refused(coordinator, invoice_a, clock):
    client = client_for(coordinator)
    url = reverse("invoicing:credit", kwargs={"number": invoice_a.number})
    client.post(url, {"what": "amount", "amount": "155", "reason": "Erreur"})
    before = counts()
    # The travel line (10 €) is more than the 5 € left.
    line = invoice_a.lines.get(position=2)
    response = client.post(url, {"what": "lines", "lines": [line.pk], "reason": "Erreur"})
    assert response.context["form"].non_field_errors() == [
        in_language(
            "fr",
            "The credit note (%(amount)s € excl. VAT) would be larger than what remains "
            "creditable on invoice %(number)s (%(remaining)s €).",
            amount="10.00",
            number=invoice_a.number,
            remaining="5.00",
        )
    ]
    assert counts() == before


# -- Send again -------------------------------------------------------------------------


def test_a_wrong_address_is_refused(coordinator, invoice_a, clock):
    before = counts()
    response = client_for(coordinator).post(
        reverse("invoicing:send", kwargs={"number": invoice_a.number}), {"to": "not an address"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to"]
    assert counts() == before


def test_the_send_form_proposes_the_invoicing_address(coordinator, invoice_a, clock):
    response = client_for(coordinator).get(
        reverse("invoicing:send", kwargs={"number": invoice_a.number})
    )
    assert response.context["form"]["to"].value() == "factures@cpas-a.example"


# -- Tariffs ------------------------------------------------------------------------------


TARIFF = {
    "modality": Modality.PHONE,
    "valid_from": "2031-01-01",
    "valid_until": "",
    "hourly_rate": "55.00",
    "minimum_minutes": "15",
    "increment_minutes": "15",
    "travel_fee": "0",
    "shift_rate": "0",
    "shift_service_rate": "0",
    "late_cancellation_charge": "0",
    "vat_category": "E",
    "vat_rate": "0",
    "vat_exemption_reason": "Exonération de TVA, art. 44 §2 2°",
    "vat_exemption_reason_nl": "Vrijgesteld van btw, art. 44 §2 2°",
    "vat_exemption_reason_en": "",
}


def as_posted(tariff: Tariff) -> dict:
    """The tariff's form as the page shows it filled in."""
    return {key: "" if getattr(tariff, key) is None else getattr(tariff, key) for key in TARIFF}


def test_the_tariffs_are_listed_by_type_of_service(coordinator, june, clock):
    response = client_for(coordinator).get(reverse("invoicing:tariffs"))
    groups = dict(response.context["groups"])
    assert [len(versions) for versions in groups.values()] == [1, 1, 1, 1]
    assert all(versions[0].in_force for versions in groups.values())
    assert in_language(
        "fr",
        (
            "Each invoice copies its prices when it is issued: changing a tariff never "
            "changes an issued invoice. A change applies to the next runs, to the services "
            "dated within its validity."
        ),
    ) in page_text(response)


def test_a_coordinator_adds_a_version_after_ending_the_current_one(coordinator, clock):
    current = saved_tariff(Modality.PHONE, minimum_minutes=15)
    client = client_for(coordinator)
    edit = reverse("invoicing:tariff_edit", kwargs={"pk": current.pk})
    data = as_posted(current)
    response = client.post(edit, data | {"valid_until": "2030-12-31"})
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("invoicing:tariffs")
    response = client.post(reverse("invoicing:tariff_new"), TARIFF)
    assert response["Location"] == reverse("invoicing:tariffs")
    assert list(
        Tariff.objects.filter(modality=Modality.PHONE)
        .order_by("valid_from")
        .values_list("valid_until", "hourly_rate")
    ) == [(date(2030, 12, 31), D("50.00")), (None, D("55.00"))]


def test_changing_a_tariff_never_changes_an_issued_invoice(coordinator, invoice_a, clock):
    on_site = Tariff.objects.get(modality=Modality.ON_SITE)
    data = as_posted(on_site)
    response = client_for(coordinator).post(
        reverse("invoicing:tariff_edit", kwargs={"pk": on_site.pk}), data | {"hourly_rate": "99"}
    )
    assert response.status_code == 302
    on_site.refresh_from_db()
    assert on_site.hourly_rate == D("99.00")
    invoice_a.refresh_from_db()
    assert invoice_a.total_excl_vat == D("160.00")
    assert invoice_a.lines.get(position=1).unit_price == D("50.00")


@pytest.mark.parametrize(
    ("change", "field", "message", "params"),
    [
        (
            {"valid_from": "2030-06-01"},
            "valid_from",
            "This period overlaps the tariff %(tariff)s of the same type of service.",
            None,
        ),
        (
            {"hourly_rate": "-5"},
            "hourly_rate",
            "Ensure this value is greater than or equal to %(limit_value)s.",
            {"limit_value": "0.00"},
        ),
        (
            {"valid_until": "2030-12-31"},
            "valid_until",
            "The end of validity cannot come before its start.",
            {},
        ),
        (
            {"vat_exemption_reason_nl": ""},
            "vat_exemption_reason_nl",
            "Give the reason why no VAT is charged: it is printed on the invoice.",
            {},
        ),
    ],
)
def test_a_wrong_tariff_is_refused(coordinator, clock, change, field, message, params):
    current = saved_tariff(Modality.PHONE, minimum_minutes=15, valid_until=date(2030, 12, 31))
    before = counts()
    response = client_for(coordinator).post(reverse("invoicing:tariff_new"), TARIFF | change)
    assert response.status_code == 200
    if params is None:
        params = {"tariff": str(current)}
    assert response.context["form"].errors[field] == [in_language("fr", message, **params)]
    assert counts() == before
    assert page_text(response).count(response.context["form"].errors[field][0]) >= 1
