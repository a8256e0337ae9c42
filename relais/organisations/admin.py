from django.contrib import admin

from relais.lib.admin import CoordinatorAdminMixin

from .models import BillingCode, Membership, Organisation, Place


class PlaceInline(CoordinatorAdminMixin, admin.TabularInline):
    model = Place
    extra = 0
    fields = ["name", "street", "postcode", "commune", "is_official", "is_active"]


class MembershipInline(CoordinatorAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "enterprise_number", "invoicing_email", "is_active"]
    list_filter = ["is_active", "language"]
    search_fields = ["name", "enterprise_number"]
    inlines = [PlaceInline, MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # Institutions are deactivated, never deleted: bookings and invoices refer to them.
        return request.user.is_superuser


@admin.register(BillingCode)
class BillingCodeAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["code", "label", "payer", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "label", "payer__name"]
    autocomplete_fields = ["payer"]
    filter_horizontal = ["organisations"]


@admin.register(Place)
class PlaceAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "postcode", "commune", "is_official", "is_active"]
    list_filter = ["is_official", "is_active", "commune"]
    search_fields = ["name", "street", "organisation__name"]
    autocomplete_fields = ["organisation"]
