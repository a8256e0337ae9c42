from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from relais.lib.admin import CoordinatorAdminMixin

from . import services
from .models import Invoice, InvoiceLine, InvoiceVatSubtotal, Tariff


@admin.register(Tariff)
class TariffAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = [
        "modality",
        "valid_from",
        "valid_until",
        "hourly_rate",
        "minimum_minutes",
        "increment_minutes",
        "vat_category",
        "vat_rate",
    ]
    list_filter = ["modality", "vat_category"]
    fieldsets = [
        (None, {"fields": ["modality", "valid_from", "valid_until"]}),
        (
            _("Prices"),
            {
                "fields": [
                    "hourly_rate",
                    "minimum_minutes",
                    "increment_minutes",
                    "travel_fee",
                    "shift_rate",
                    "shift_service_rate",
                    "late_cancellation_charge",
                ]
            },
        ),
        (
            _("VAT"),
            {
                "fields": [
                    "vat_category",
                    "vat_rate",
                    "vat_exemption_reason",
                    "vat_exemption_reason_nl",
                    "vat_exemption_reason_en",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # The form validated the model already; the service serialises the overlap check.
        services.save_tariff(tariff=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        # Invoices copied their prices; a tariff version is ended, not deleted.
        return request.user.is_superuser


class ReadOnlyInline(CoordinatorAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = [
        "position",
        "description",
        "billing_code",
        "service_date",
        "language_name",
        "contact_name",
        "quantity",
        "unit",
        "unit_price",
        "amount",
        "vat_category",
        "vat_rate",
    ]
    readonly_fields = fields


class InvoiceVatSubtotalInline(ReadOnlyInline):
    model = InvoiceVatSubtotal
    fields = ["vat_category", "vat_rate", "taxable_amount", "vat_amount", "exemption_reason"]
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Issued documents are immutable: read only, never added nor deleted here."""

    list_display = ["number", "kind", "buyer_name", "issue_date", "total_incl_vat", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["number", "buyer_name"]
    date_hierarchy = "issue_date"
    readonly_fields = [field.name for field in Invoice._meta.fields]
    inlines = [InvoiceLineInline, InvoiceVatSubtotalInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
