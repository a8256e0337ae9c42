"""The PDF of an issued invoice or credit note, in its payer's language.

WeasyPrint prints ``templates/invoicing/pdf/document.html`` (its CSS inlined,
the payment QR code inline SVG, DejaVu Sans from the system): nothing is
fetched, so rendering needs no network and no static files.

An issued document never changes, so its PDF is rendered once, on first
request, and kept under ``settings.INVOICE_PDF_DIR``; later requests read the
file. It is written atomically (a temporary file, then a rename), so a reader
never sees half a PDF, and two first requests at once write the same bytes.
The rendering is deterministic (dates from the invoice, identifiers from the
content): a lost file comes back identical.

The file is PDF/A-3b with the invoice's Peppol UBL XML attached (``<number>.xml``,
relationship "Alternative"): one archivable file holds both the readable and
the structured invoice, as Factur-X/ZUGFeRD do.
"""

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC
from decimal import Decimal
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext
from segno.helpers import make_epc_qr
from stdnum import iban as iban_numbers
from stdnum.be import ogm_vcs
from weasyprint.urls import URLFetcher

from relais.matching.engine import BRUSSELS

from .models import Invoice, InvoiceLine, VatCategory
from .payment import structured_communication
from .ubl import invoice_xml

TEMPLATE = "invoicing/pdf/document.html"
logger = logging.getLogger(__name__)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The PDF of an issued document: from the cache, rendered and kept on first request."""
    path = cache_path(invoice)
    try:
        return path.read_bytes()
    except OSError:
        pass  # not rendered yet, lost or unreadable: rendered (again), identical
    data = render_invoice_pdf(invoice)
    try:
        _write_atomically(path, data)
    except OSError:
        # The payer still gets its PDF; the next request tries to keep it again.
        logger.exception("The PDF of %s could not be kept in %s", invoice.number, path)
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".tmp", delete=False) as f:
        try:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            os.unlink(f.name)
            raise
    os.replace(f.name, path)


def cache_path(invoice: Invoice) -> Path:
    """``<year>/<number>-<key>.pdf``: the key ties the file to this very invoice,
    so a database restored or reset under the same files never serves another
    institution the PDF of an earlier invoice that had the same number."""
    identity = f"{invoice.pk}|{invoice.number}|{invoice.issued_at.isoformat()}|"
    identity += f"{invoice.buyer_enterprise_number}|{invoice.total_incl_vat}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:12]
    return Path(settings.INVOICE_PDF_DIR) / str(invoice.year) / f"{invoice.number}-{key}.pdf"


def render_invoice_pdf(invoice: Invoice) -> bytes:
    """Print the document anew (``invoice_pdf`` is what callers want)."""
    with translation.override(invoice.language):
        html = render_to_string(TEMPLATE, _context(invoice))
    # Only data: URLs may be fetched: a stray link in a template never reaches the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(**_pdf_options(invoice))


def _pdf_options(invoice: Invoice) -> dict:
    """PDF/A-3b with the UBL XML attached, dated when the invoice was issued."""
    # WeasyPrint writes the attachment's dates as UTC ("Z") whatever their zone.
    issued = invoice.issued_at.astimezone(UTC).replace(tzinfo=None)
    attachment = weasyprint.Attachment(
        string=invoice_xml(invoice),
        name=f"{invoice.number}.xml",
        description="Peppol BIS Billing 3.0 (UBL 2.1)",
        created=issued,
        modified=issued,
        relationship="Alternative",
    )
    return {"pdf_variant": "pdf/a-3b", "attachments": [attachment]}


# -- What the template prints -----------------------------------------------------------


def money(amount: Decimal) -> str:
    """An amount in euros as the current language writes it: 1 234,50 € / € 1.234,50 / €1,234.50."""
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    language = translation.get_language()
    if language == "fr":
        return f"{number}\u00a0€"
    if language == "nl":
        return f"€\u00a0{number}"
    return f"€{number}"


def _number(value: Decimal) -> str:
    """A quantity without trailing zeros: 1,5 rather than 1,5000."""
    places = max(0, -value.normalize().as_tuple().exponent)
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _percent(rate: Decimal) -> str:
    if translation.get_language() in {"fr", "nl"}:
        return f"{_number(rate)}\u00a0%"
    return f"{_number(rate)}%"


def _day(day) -> str:
    return formats.date_format(day, "j F Y") if day else ""


def _short_day(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _duration(minutes: int | None) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes is not None else ""


def _enterprise_number(number: str) -> str:
    """A Belgian enterprise number as it is written: 0812.345.603."""
    if len(number) == 10 and number.isdigit():
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return number


def _quantity(line: InvoiceLine) -> str:
    if line.unit == InvoiceLine.Unit.HOUR:
        hours = pgettext("abbreviation of hours", "h")
        return f"{_number(line.quantity)}\u00a0{hours}"
    return _number(line.quantity)


def _css_string(text: str) -> SafeString:
    """A CSS string literal, for the page margins' text (the template's <style> is not escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    escaped = escaped.replace("<", "\\3C ")  # never a "</style>" inside the style sheet
    return mark_safe(f'"{escaped}"')  # noqa: S308 - quoted and escaped just above


def _groups(lines: Iterable[InvoiceLine]) -> list[dict]:
    """The lines under their billing code, in their order (the run sorts them by code)."""
    groups: list[dict] = []
    for line in lines:
        if not groups or groups[-1]["code"] != line.billing_code:
            groups.append({"code": line.billing_code, "rows": [], "total": Decimal("0.00")})
        groups[-1]["rows"].append(
            {
                "date": _short_day(line.service_date),
                "description": line.description,
                "language": line.language_name,
                "contact": line.contact_name,
                "duration": _duration(line.billed_minutes),
                "quantity": _quantity(line),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
            }
        )
        groups[-1]["total"] += line.amount
    for group in groups:
        group["total"] = money(group["total"])
    return groups


def epc_fields(invoice: Invoice) -> dict:
    """What the EPC (SEPA credit transfer) QR code carries: the seller's account,
    the total and, as structured reference, the digits of the structured
    communication — what a Belgian banking app fills in when it scans it."""
    return {
        "name": invoice.seller_name[:70],
        "iban": invoice.seller_iban,
        "bic": invoice.seller_bic or None,
        "amount": invoice.total_incl_vat,
        "reference": ogm_vcs.compact(structured_communication(invoice)),
    }


def _payment(invoice: Invoice) -> dict | None:
    if invoice.is_credit_note or invoice.total_incl_vat <= 0:
        return None
    try:
        qr = make_epc_qr(**epc_fields(invoice))
    except ValueError:
        # Bank details the EPC format refuses (a mistyped BIC in the settings):
        # the invoice still prints, with the same details in words.
        logger.exception("No payment QR code on invoice %s", invoice.number)
        svg = ""
    else:
        svg = mark_safe(qr.svg_inline(border=0, omitsize=True, dark="#000"))  # noqa: S308 - segno's own SVG
    return {
        "communication": structured_communication(invoice),
        "iban": iban_numbers.format(invoice.seller_iban),
        "bic": invoice.seller_bic,
        "qr": svg,
    }


def _context(invoice: Invoice) -> dict:
    """Everything the template prints, formatted in the current (the payer's) language."""
    title = invoice.get_kind_display()
    lines = list(invoice.lines.order_by("position"))
    subtotals = list(invoice.vat_subtotals.all())
    corrected = invoice.corrects if invoice.is_credit_note else None
    issued = timezone.localtime(invoice.issued_at, BRUSSELS)
    return {
        "invoice": invoice,
        "language": invoice.language,
        "title": title,
        "issued_iso": issued.isoformat(timespec="seconds"),
        "issue_date": _day(invoice.issue_date),
        "due_date": _day(invoice.due_date),
        "period_start": _day(invoice.period_start),
        "period_end": _day(invoice.period_end),
        "corrected": corrected,
        "corrected_date": _day(corrected.issue_date) if corrected else "",
        "seller_enterprise_number": _enterprise_number(invoice.seller_enterprise_number),
        "buyer_enterprise_number": _enterprise_number(invoice.buyer_enterprise_number),
        "groups": _groups(lines),
        "show_codes": any(line.billing_code for line in lines),
        "vat": [
            {
                "category": VatCategory(subtotal.vat_category).label,
                "rate": _percent(subtotal.vat_rate),
                "taxable": money(subtotal.taxable_amount),
                "amount": money(subtotal.vat_amount),
                "reason": subtotal.exemption_reason,
            }
            for subtotal in subtotals
        ],
        "total_excl_vat": money(invoice.total_excl_vat),
        "total_vat": money(invoice.total_vat),
        "total_incl_vat": money(invoice.total_incl_vat),
        "payment": _payment(invoice),
        "footer_left": _css_string(f"{invoice.seller_name} · {title} {invoice.number}"),
        "footer_page": _css_string(pgettext("page x of y, in the PDF footer", "Page")),
    }
