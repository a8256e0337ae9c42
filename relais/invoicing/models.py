"""Tariffs, invoices and credit notes (DESIGN.md, lifecycle: validated → invoiced).

A tariff is versioned: one per type of service and validity period, never two
overlapping. An issued invoice stands on its own: it copies the seller's and
the buyer's details, the text of each line and every amount at issue time, so
that a later change of a tariff, an institution or a language name never
alters it. It is never deleted nor changed, except its payment status; a
credit note (its own numbering) corrects it.

The VAT breakdown is stored (``InvoiceVatSubtotal``), one row per VAT
category and rate, with the exemption reason copied from the tariff: it is
what the PDF and the UBL document print as is (EN 16931: the VAT of a category
is computed on the sum of its lines, then rounded).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from relais.lib.db import PostgresExclusionConstraint
from relais.organisations.models import Organisation
from relais.records.models import ServiceRecord

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}


class VatCategory(models.TextChoices):
    """UNCL 5305 codes, as EN 16931 and Peppol BIS 3.0 use them."""

    STANDARD = "S", _("Standard rate")
    ZERO_RATED = "Z", _("Zero rated")
    EXEMPT = "E", _("Exempt from VAT")
    REVERSE_CHARGE = "AE", _("Reverse charge")
    NOT_SUBJECT = "O", _("Not subject to VAT")


# Categories whose invoices must say why no VAT is charged (EN 16931, BR-E-10 and alike).
NEEDS_EXEMPTION_REASON = frozenset(
    {VatCategory.EXEMPT, VatCategory.REVERSE_CHARGE, VatCategory.NOT_SUBJECT}
)


class InclusiveDateRange(models.Func):
    """``daterange(from, until, '[]')``: both days included, an empty end unbounded."""

    function = "daterange"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = DateRangeField()


class Tariff(models.Model):
    """The prices of one type of service over a validity period.

    ``valid_until`` is the last day it applies (inclusive); empty: until further
    notice. A standing shift may be billed per hour, per shift, per service
    performed during it, or a mix: each non-zero rate makes a line.
    """

    modality = models.CharField(_("type of service"), max_length=12, choices=Modality.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day; empty: no end yet.")
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        _("minimum billed minutes"), default=0, help_text=_("For example 60 for on-site work.")
    )
    increment_minutes = models.PositiveSmallIntegerField(
        _("billing increment in minutes"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_("Beyond the minimum, each started increment is billed (15: per quarter hour)."),
    )
    travel_fee = models.DecimalField(
        _("travel fee"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Per on-site service."),
    )
    shift_rate = models.DecimalField(
        _("rate per standing shift"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    shift_service_rate = models.DecimalField(
        _("rate per service during a standing shift"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    late_cancellation_charge = models.DecimalField(
        _("late cancellation charge"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    vat_category = models.CharField(
        _("VAT category"), max_length=2, choices=VatCategory.choices, default=VatCategory.EXEMPT
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    # Printed on each invoice in its payer's language (English falls back to French).
    vat_exemption_reason = models.CharField(
        _("VAT exemption reason, in French"),
        max_length=300,
        blank=True,
        help_text=_("Printed on the invoice, for example: Exempt, art. 44 §2 2° of the VAT code."),
    )
    vat_exemption_reason_nl = models.CharField(
        _("VAT exemption reason, in Dutch"), max_length=300, blank=True
    )
    vat_exemption_reason_en = models.CharField(
        _("VAT exemption reason, in English"),
        max_length=300,
        blank=True,
        help_text=_("Optional: invoices in English print the French text otherwise."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["modality", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="tariff_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(increment_minutes__gte=1), name="tariff_increment_positive"
            ),
            models.UniqueConstraint(
                fields=["modality", "valid_from"], name="tariff_one_start_per_modality"
            ),
            # Two versions of one tariff never overlap: ``clean`` says so in
            # words, the database is the last word on PostgreSQL; on SQLite
            # ``services.save_tariff`` checks and writes in one IMMEDIATE transaction.
            PostgresExclusionConstraint(
                name="tariff_no_overlap",
                expressions=[
                    ("modality", RangeOperators.EQUAL),
                    (InclusiveDateRange("valid_from", "valid_until"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.valid_until:%Y-%m-%d}" if self.valid_until else "…"
        return f"{self.get_modality_display()} {self.valid_from:%Y-%m-%d} - {until}"

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self):
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = ValidationError(
                _("The end of validity cannot come before its start.")
            )
        if self.vat_category in NEEDS_EXEMPTION_REASON:
            for name in ("vat_exemption_reason", "vat_exemption_reason_nl"):
                if not getattr(self, name).strip():
                    errors[name] = ValidationError(
                        _("Give the reason why no VAT is charged: it is printed on the invoice.")
                    )
        if self.vat_category == VatCategory.STANDARD and not (self.vat_rate or ZERO) > 0:
            errors["vat_rate"] = ValidationError(_("A standard rated service has a VAT rate."))
        if self.vat_category != VatCategory.STANDARD and (self.vat_rate or ZERO) != 0:
            errors["vat_rate"] = ValidationError(
                _("Only the standard category has a VAT rate: set it to 0.")
            )
        if self.modality and self.valid_from and "valid_until" not in errors:
            overlapping = self.overlapping().first()
            if overlapping is not None:
                errors["valid_from"] = ValidationError(
                    _("This period overlaps the tariff %(tariff)s of the same type of service.")
                    % {"tariff": overlapping}
                )
        if errors:
            raise ValidationError(errors)

    def exemption_reason_in(self, language: str) -> str:
        if language == "nl":
            return self.vat_exemption_reason_nl or self.vat_exemption_reason
        if language == "en":
            return self.vat_exemption_reason_en or self.vat_exemption_reason
        return self.vat_exemption_reason

    def overlapping(self) -> models.QuerySet["Tariff"]:
        """Tariffs of the same type of service whose validity meets this one's."""
        others = Tariff.objects.filter(modality=self.modality).exclude(pk=self.pk)
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until is not None:
            others = others.filter(valid_from__lte=self.valid_until)
        return others


class InvoiceSequence(models.Model):
    """The last number given, per year and kind of document. Its row is locked
    (``select_for_update``) in the transaction that inserts the document, so a
    rollback gives the number back: no gap, no duplicate (Belgian rule)."""

    kind = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="invoicesequence_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class ImmutableQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(
            _("An issued invoice cannot be deleted: correct it with a credit note.")
        )


class Invoice(models.Model):
    """An invoice or a credit note, as issued. Only ``status`` and ``paid_at`` change later.

    Numbers run per year of issue and kind, without gap: ``2030-00001`` for
    invoices, ``C2030-00001`` for credit notes (``services.next_number``).
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        PAID = "paid", _("Paid")

    # What may change once issued (``save`` refuses anything else).
    MUTABLE_FIELDS = frozenset({"status", "paid_at"})

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    payer = models.ForeignKey(
        Organisation,
        verbose_name=_("paying institution"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrected invoice"),
        on_delete=models.PROTECT,
        related_name="credit_notes",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    language = models.CharField(_("language"), max_length=2)
    # The seller, as configured at issue time (settings.SELLER_*).
    seller_name = models.CharField(_("seller"), max_length=200)
    seller_enterprise_number = models.CharField(_("seller's enterprise number"), max_length=12)
    seller_vat_number = models.CharField(_("seller's VAT number"), max_length=20, blank=True)
    seller_street = models.CharField(_("seller's street"), max_length=200)
    seller_postcode = models.CharField(_("seller's postcode"), max_length=10)
    seller_city = models.CharField(_("seller's city"), max_length=100)
    seller_country = models.CharField(_("seller's country"), max_length=2, default="BE")
    seller_iban = models.CharField(_("IBAN"), max_length=34)
    seller_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    seller_email = models.EmailField(_("seller's email"), blank=True)
    # The buyer: the paying institution, as it was at issue time.
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_enterprise_number = models.CharField(_("buyer's enterprise number"), max_length=12)
    buyer_vat_number = models.CharField(_("buyer's VAT number"), max_length=20, blank=True)
    buyer_street = models.CharField(_("buyer's street"), max_length=200, blank=True)
    buyer_postcode = models.CharField(_("buyer's postcode"), max_length=10, blank=True)
    buyer_city = models.CharField(_("buyer's city"), max_length=100, blank=True)
    buyer_country = models.CharField(_("buyer's country"), max_length=2, default="BE")
    buyer_email = models.EmailField(_("buyer's invoicing email"), blank=True)
    buyer_peppol_id = models.CharField(_("buyer's Peppol identifier"), max_length=50, blank=True)
    total_excl_vat = models.DecimalField(_("total excluding VAT"), **MONEY)
    total_vat = models.DecimalField(_("VAT"), **MONEY)
    total_incl_vat = models.DecimalField(_("total including VAT"), **MONEY)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ISSUED
    )
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when issued by the monthly run."),
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="invoice_gapless_number"
            ),
            models.CheckConstraint(
                condition=Q(kind="credit_note", corrects__isnull=False)
                | Q(kind="invoice", corrects__isnull=True),
                name="invoice_credit_note_corrects_an_invoice",
            ),
        ]
        indexes = [models.Index(fields=["payer", "issue_date"], name="invoice_payer_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        # Issued means final: only the payment status may be written again.
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise ValidationError(
                    _("An issued invoice cannot be changed: correct it with a credit note.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("An issued invoice cannot be deleted: correct it with a credit note.")
        )

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE


class InvoiceLine(models.Model):
    """One line as issued: its texts copied in the payer's language, its amounts fixed."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        TRAVEL = "travel", _("Travel")
        SHIFT = "shift", _("Standing shift")
        SHIFT_SERVICES = "shift_services", _("Services during a standing shift")
        LATE_CANCELLATION = "late_cancellation", _("Late cancellation")
        CREDIT = "credit", _("Credit")

    class Unit(models.TextChoices):
        # UN/ECE recommendation 20 codes, as UBL wants them.
        HOUR = "HUR", _("hours")
        ITEM = "C62", _("items")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("line"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        null=True,
        blank=True,
    )
    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("service record"),
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        null=True,
        blank=True,
    )
    credited_line = models.ForeignKey(
        "self",
        verbose_name=_("credited line"),
        on_delete=models.PROTECT,
        related_name="credits",
        null=True,
        blank=True,
    )
    description = models.CharField(_("description"), max_length=300)
    billing_code = models.CharField(_("billing code"), max_length=240, blank=True)
    service_date = models.DateField(_("date of service"), null=True, blank=True)
    modality = models.CharField(
        _("type of service"), max_length=12, choices=Modality.choices, blank=True
    )
    language_name = models.CharField(_("language"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    billed_minutes = models.PositiveIntegerField(_("billed minutes"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=3, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount excluding VAT"), **MONEY)
    vat_category = models.CharField(_("VAT category"), max_length=2, choices=VatCategory.choices)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoiceline_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("An issued invoice cannot be changed: correct it with a credit note.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("An issued invoice cannot be deleted: correct it with a credit note.")
        )


class InvoiceVatSubtotal(models.Model):
    """The VAT breakdown of a document: one row per category and rate."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="vat_subtotals"
    )
    vat_category = models.CharField(_("VAT category"), max_length=2, choices=VatCategory.choices)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    taxable_amount = models.DecimalField(_("taxable amount"), **MONEY)
    vat_amount = models.DecimalField(_("VAT amount"), **MONEY)
    exemption_reason = models.CharField(_("VAT exemption reason"), max_length=300, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("VAT subtotal")
        verbose_name_plural = _("VAT subtotals")
        ordering = ["invoice", "vat_category", "vat_rate"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "vat_category", "vat_rate"], name="invoicevat_one_per_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vat_category} {self.vat_rate} %: {self.vat_amount}"
