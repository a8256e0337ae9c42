"""The operations team invoices a month, in a real browser, French and Dutch,
axe-core on every page: the preview per paying institution, then the
invoices issued; an invoice opened, corrected by a credit note for one line
(a first try without a reason is refused); the overview and the tariffs.

The services of June 2030 are built with the services; the server's clock
(the live server's threads included) is moved to 2 July with time-machine,
June being over then.
"""

import re

import pytest
from playwright.sync_api import expect

from relais.interpreters.models import Modality
from relais.invoicing.models import Invoice
from tests.bookings.helpers import at, make_interpreter
from tests.invoicing.helpers import all_tariffs, validated

from .helpers import LANGUAGES, log_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JULY_2ND = at("2030-07-02", "10:00")


@pytest.fixture
def june(org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, coordinator):
    """A's on-site service of 80 minutes (75 € and 10 € travel); B's standing shift."""
    all_tariffs()
    ilham = make_interpreter("ilham@example.org", arabic)
    a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
    b = (org_b, code_b, requester_b, arabic, ilham, coordinator)
    validated(*a, day="2030-06-03", minutes=80)
    validated(
        *b,
        day="2030-06-11",
        hour="09:00",
        modality=Modality.PERMANENCE,
        duration_minutes=180,
        minutes=180,
        services_count=3,
    )


def field(page, language: str, label: str):
    """The form field labelled `label` (a required one's label ends with a hidden "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(t(language, label))}( \*)?$"))


def messages(page):
    return page.locator(".messages[role=status]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_invoices_june_and_credits_a_line(
    open_page, june, coordinator, org_a, org_b, time_machine, language
):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    time_machine.move_to(JULY_2ND, tick=True)
    page = open_page(language)
    log_in(page, coordinator.email)

    # The run proposes June, the last month over; the preview shows each payer.
    page.goto("/invoices/run/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Invoice a month"))
    expect(field(page, language, "Month")).to_have_value("2030-06")
    page.submit(t(language, "Preview"))
    preview = page.get_by_role(
        "table", name=t(language, "Invoices of the run, per paying institution")
    )
    expect(preview.get_by_role("row").filter(has_text=org_a.name)).to_contain_text("85,00")
    expect(preview.get_by_role("row").filter(has_text=org_b.name)).to_contain_text("165,00")
    assert Invoice.objects.count() == 0

    # Issued: the message names both invoices, which are listed with their links.
    page.submit(t(language, "Issue the invoices"))
    expect(messages(page).locator(".alert-success")).to_contain_text("2030-00001")
    expect(messages(page).locator(".alert-success")).to_contain_text("2030-00002")
    assert Invoice.objects.count() == 2
    number = Invoice.objects.get(payer=org_a).number
    issued = page.get_by_role("region", name=t(language, "Invoices already issued for this month"))
    page.click_and_wait(issued.get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)

    # A credit note: a line chosen, no reason first (refused), then with one.
    page.click_and_wait(page.get_by_role("link", name=t(language, "Issue a credit note")))
    expect(page.locator("#remaining")).to_contain_text("85,00")
    page.get_by_label(t(language, "Some lines"), exact=True).check()
    page.get_by_label(re.compile(r"^2\. ")).check()  # the travel, 10 €
    page.submit(t(language, "Issue the credit note"))
    expect(page.get_by_role("alert")).to_contain_text(
        t(language, "Say why the invoice is credited.")
    )
    assert Invoice.objects.count() == 2
    expect(page.get_by_label(re.compile(r"^2\. "))).to_be_checked()
    field(page, language, "Reason").fill("Pas de déplacement : vidéo")
    page.submit(t(language, "Issue the credit note"))
    expect(messages(page)).to_contain_text("C2030-00001")
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert (str(note.total_excl_vat), note.corrects.number) == ("10.00", number)

    # The overview and the tariffs.
    page.goto("/invoices/overview/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Invoicing overview"))
    page.click_and_wait(page.get_by_role("link", name=t(language, "Tariffs"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Tariffs"))
    page.click_and_wait(page.get_by_role("link", name=t(language, "Add a tariff version")))
    page.submit(t(language, "Save"))  # empty: the errors, audited too
    expect(page.get_by_role("alert")).to_be_visible()
