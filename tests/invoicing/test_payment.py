"""The structured communication: valid modulo 97, unique per invoice, and it
leads back to its invoice."""

from stdnum.be import ogm_vcs

from relais.invoicing.models import Invoice
from relais.invoicing.payment import invoice_for_communication, structured_communication
from relais.invoicing.services import issue_invoices
from tests.invoicing.helpers import JULY_FIRST, JUNE


def test_each_invoice_has_its_own_valid_communication(june, coordinator):
    issue_invoices(period_start=JUNE[0], period_end=JUNE[1], by=coordinator, now=JULY_FIRST)
    invoices = list(Invoice.objects.order_by("number"))
    references = [structured_communication(invoice) for invoice in invoices]
    assert len(set(references)) == len(invoices) == 2
    for invoice, reference in zip(invoices, references, strict=True):
        assert reference.startswith("+++") and reference.endswith("+++")
        assert ogm_vcs.is_valid(reference)
        assert invoice_for_communication(reference) == invoice


def test_the_check_digits_are_the_remainder_modulo_97():
    invoice = Invoice(year=2030, sequence=1)
    # 2030000001 mod 97 = 6
    assert structured_communication(invoice) == "+++203/0000/00106+++"
    invoice = Invoice(year=2030, sequence=123456)
    base = 2030123456
    assert structured_communication(invoice)[-5:-3] == f"{base % 97 or 97:02d}"


def test_a_wrong_or_unknown_reference_finds_nothing(db):
    assert invoice_for_communication("+++203/0000/00107+++") is None  # bad check digits
    assert invoice_for_communication("+++203/0000/00106+++") is None  # no such invoice
    assert invoice_for_communication("hello") is None
