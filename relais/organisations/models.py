from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat as be_enterprise
from stdnum.exceptions import ValidationError as StdnumError

from relais.accounts.models import Language


def validate_enterprise_number(value: str) -> None:
    try:
        be_enterprise.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid Belgian enterprise number (check digits)."),
            code="invalid_enterprise_number",
            params={"value": value},
        ) from None


def validate_postcode(value: str) -> None:
    # isascii: str.isdigit() also accepts fullwidth, Arabic-Indic and other non-Latin digits.
    if not (value.isascii() and value.isdigit() and len(value) == 4 and value[0] != "0"):
        raise ValidationError(_("A Belgian postcode has four digits."), code="invalid_postcode")


class Organisation(models.Model):
    """A partner institution ("institution partenaire")."""

    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("Ten digits, for example 0203.201.340."),
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=20,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("Leave empty if the institution is not subject to VAT."),
    )
    invoicing_email = models.EmailField(_("invoicing email"), max_length=254)
    peppol_id = models.CharField(
        _("Peppol identifier"),
        max_length=50,
        blank=True,
        help_text=_("Scheme and identifier, by default 0208 and the enterprise number."),
    )
    language = models.CharField(
        _("language of documents"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.enterprise_number:
            self.enterprise_number = be_enterprise.compact(self.enterprise_number)
            if not self.peppol_id:
                self.peppol_id = f"0208:{self.enterprise_number}"
        if self.vat_number:
            self.vat_number = "BE" + be_enterprise.compact(self.vat_number)

    @property
    def enterprise_number_display(self) -> str:
        number = self.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number

    @property
    def official_place(self):
        return self.places.filter(is_official=True).first()


class MembershipRole(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    MANAGER = "manager", _("Organisation manager")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.REQUESTER
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_manager(self) -> bool:
        return self.role == MembershipRole.MANAGER


class BillingCode(models.Model):
    """A code under which services are booked and invoiced.

    The payer is the institution that receives the invoice; the code may be used
    by several institutions, and an institution may use several codes paid by
    different payers (the seed: "plusieurs codes suivant les institutions qui
    prennent en charge les frais de prestations").
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("label"), max_length=200)
    payer = models.ForeignKey(
        Organisation,
        verbose_name=_("paying institution"),
        on_delete=models.PROTECT,
        related_name="billing_codes_paid",
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("institutions that may use it"),
        related_name="billing_codes",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("billing code")
        verbose_name_plural = _("billing codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class Place(models.Model):
    """A place of service of an institution; its official address is one of them."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="places",
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=100)
    access_notes = models.TextField(
        _("access notes"),
        max_length=1000,
        blank=True,
        help_text=_("Floor, entrance, parking, who to ask at the desk."),
    )
    is_official = models.BooleanField(_("official address"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("place of service")
        verbose_name_plural = _("places of service")
        ordering = ["-is_official", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_official=True),
                name="place_one_official_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.commune}"
