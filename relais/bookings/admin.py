from django.contrib import admin

from relais.lib.admin import CoordinatorAdminMixin

from .models import Assignment, Booking, BookingEvent


class AssignmentInline(CoordinatorAdminMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["interpreter", "kind", "start", "end", "released_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, *args):
        # Holds and confirmations go through the services, which check availability.
        return False


class BookingEventInline(CoordinatorAdminMixin, admin.TabularInline):
    model = BookingEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "interpreter", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, *args):
        return False


@admin.register(Booking)
class BookingAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["start", "organisation", "language", "modality", "status"]
    list_filter = ["status", "modality"]
    search_fields = ["organisation__name", "internal_reference"]
    date_hierarchy = "start"
    autocomplete_fields = ["organisation", "contact", "created_by"]
    readonly_fields = ["status", "submitted_at", "created_at"]
    inlines = [AssignmentInline, BookingEventInline]

    def has_delete_permission(self, request, obj=None):
        # Requests are cancelled, never deleted: history and invoices refer to them.
        return request.user.is_superuser
