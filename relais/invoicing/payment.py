"""How an invoice is paid: its Belgian structured communication.

The structured communication (OGM-VCS, ``+++203/0000/00183+++``) is ten
digits — the invoice's year and its number within the year on six digits —
followed by their remainder modulo 97 (97 when it is 0). It is derived from
the invoice number, so it needs no column and can't drift from it, and the bank
statement's reference leads straight back to the invoice.
"""

from stdnum.be import ogm_vcs

from .models import Invoice


def structured_communication(invoice: Invoice) -> str:
    """``+++YYY/YSSS/SSSCC+++`` for an invoice (credit notes are not paid)."""
    base = f"{invoice.year:04d}{invoice.sequence:06d}"
    digits = base + ogm_vcs.calc_check_digits(base)
    return f"+++{ogm_vcs.format(digits)}+++"


def invoice_for_communication(reference: str) -> Invoice | None:
    """The invoice a structured communication refers to, None if it is not one
    of ours (a wrong check digit, another format, an unknown number)."""
    if not ogm_vcs.is_valid(reference):
        return None
    digits = ogm_vcs.compact(reference)
    year, sequence = int(digits[:4]), int(digits[4:10])
    return Invoice.objects.filter(kind=Invoice.Kind.INVOICE, year=year, sequence=sequence).first()
