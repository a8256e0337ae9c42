"""Invoices by email: each issued invoice goes to its payer's invoicing
address with its PDF and UBL XML, in the payer's language; a coordinator
sends one again, to any address; the monthly run reports to the operations
team. Delivered through a real SMTP server on the loopback interface."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import etree

from relais.invoicing.models import Invoice
from relais.invoicing.services import issue_invoices
from relais.invoicing.tasks import invoice_previous_month
from relais.notifications.models import OutboxEmail
from relais.notifications.services import deliver_outbox
from relais.organisations.models import Organisation
from tests.bookings.helpers import at
from tests.conftest import client_for, in_language
from tests.invoicing.helpers import JULY_FIRST, JUNE
from tests.notifications.test_deliver_outbox import SmtpServer, _free_port

pytestmark = pytest.mark.django_db
JULY_2ND = at("2030-07-02", "10:00")


@pytest.fixture
def smtp(settings):
    """An SMTP server on the loopback interface, where the outbox delivers."""
    server = SmtpServer(_free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture
def invoice_a(june, coordinator, org_a):
    result = issue_invoices(
        period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST
    )
    return next(invoice for invoice in result.invoices if invoice.payer == org_a)


def attachments_of(message) -> dict[str, tuple[str, bytes]]:
    return {
        part.get_filename(): (part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
    }


def test_a_coordinator_sends_an_invoice_again_with_its_pdf_and_xml(
    smtp, coordinator, invoice_a, time_machine
):
    time_machine.move_to(JULY_2ND, tick=False)
    OutboxEmail.objects.all().delete()  # the requests' own emails, sent long ago
    response = client_for(coordinator).post(
        reverse("invoicing:send", kwargs={"number": invoice_a.number}),
        {"to": "comptabilite@cpas-a.example"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        in_language(
            "fr",
            "%(document)s %(number)s is on its way to %(email)s, with its PDF and XML.",
            document=in_language("fr", "Invoice"),
            number="2030-00001",
            email="comptabilite@cpas-a.example",
        )
    ]
    assert deliver_outbox() == 1
    (message,) = smtp.inbox.messages
    assert message["To"] == "comptabilite@cpas-a.example"
    assert "2030-00001" in message["Subject"]
    files = attachments_of(message)
    assert sorted(files) == ["2030-00001.pdf", "2030-00001.xml"]
    pdf_type, pdf = files["2030-00001.pdf"]
    xml_type, xml = files["2030-00001.xml"]
    assert (pdf_type, xml_type) == ("application/pdf", "application/xml")
    assert pdf.startswith(b"%PDF")
    document = etree.fromstring(xml if isinstance(xml, bytes) else xml.encode())
    assert document.findtext("{*}ID") == "2030-00001"
    body = message.get_body(("plain",)).get_content()
    assert "+++" in body  # the structured communication to pay with
    assert "160,00" in body


def test_issuing_from_the_run_page_emails_each_payer_in_its_language(
    june, coordinator, org_b, time_machine
):
    time_machine.move_to(JULY_2ND, tick=False)
    client_for(coordinator).post(reverse("invoicing:run"), {"month": "2030-06"})
    emails = {email.to: email for email in OutboxEmail.objects.filter(template="invoice_issued")}
    assert sorted(emails) == ["factures@cpas-a.example", "factures@hopital-b.example"]
    invoice_b = Invoice.objects.get(payer=org_b)
    dutch = emails["factures@hopital-b.example"]
    assert dutch.language == "nl"
    assert invoice_b.number in dutch.subject
    assert sorted(a["filename"] for a in dutch.attachments) == [
        f"{invoice_b.number}.pdf",
        f"{invoice_b.number}.xml",
    ]


def test_a_credit_note_is_emailed_to_the_payer(coordinator, invoice_a, time_machine):
    time_machine.move_to(JULY_2ND, tick=False)
    client_for(coordinator).post(
        reverse("invoicing:credit", kwargs={"number": invoice_a.number}),
        {"what": "amount", "amount": "10", "reason": "Déplacement non effectué"},
    )
    (email,) = OutboxEmail.objects.filter(template="invoice_issued")
    assert email.to == "factures@cpas-a.example"
    assert "C2030-00001" in email.subject
    assert "Déplacement non effectué" in email.body_text
    assert sorted(a["filename"] for a in email.attachments) == [
        "C2030-00001.pdf",
        "C2030-00001.xml",
    ]


def test_the_monthly_run_emails_the_payers_and_reports_to_the_team(june, org_b):
    Organisation.objects.filter(pk=org_b.pk).update(enterprise_number="")
    result = invoice_previous_month(now=JULY_FIRST)
    (invoice,) = result.invoices
    assert list(
        OutboxEmail.objects.filter(template="invoice_issued").values_list("to", flat=True)
    ) == ["factures@cpas-a.example"]
    (report,) = OutboxEmail.objects.filter(template="invoice_run_report")
    assert report.to == settings.SERVICE_CONTACT_EMAIL
    assert invoice.number in report.body_text
    skipped = in_language(
        "fr", "%(payer)s has no enterprise number: its invoice was not issued.", payer=org_b.name
    )
    assert skipped in report.body_text
    assert "1" in report.subject
    # Run again: nothing new, no email to the payers; the team is told.
    invoice_previous_month(now=JULY_FIRST)
    assert OutboxEmail.objects.filter(template="invoice_issued").count() == 1
    assert OutboxEmail.objects.filter(template="invoice_run_report").count() == 2


def test_an_invoice_without_address_is_issued_and_named(june, org_a, coordinator, time_machine):
    time_machine.move_to(JULY_2ND, tick=False)
    Organisation.objects.filter(pk=org_a.pk).update(invoicing_email="")
    response = client_for(coordinator).post(
        reverse("invoicing:run"), {"month": "2030-06"}, follow=True
    )
    invoice = Invoice.objects.get(payer=org_a)
    assert invoice.period_end == date(2030, 6, 30)
    said = [str(m) for m in response.context["messages"]]
    assert (
        in_language(
            "fr",
            "Not emailed, no invoicing address: %(numbers)s. Send them from their page.",
            numbers=f"{invoice.number} ({org_a.name})",
        )
        in said
    )
    assert list(
        OutboxEmail.objects.filter(template="invoice_issued").values_list("to", flat=True)
    ) == ["factures@hopital-b.example"]
