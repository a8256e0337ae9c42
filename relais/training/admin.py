from django.contrib import admin

from relais.lib.admin import CoordinatorAdminMixin

from .models import TrainingRegistration, TrainingRequest, TrainingSession


class RegistrationInline(CoordinatorAdminMixin, admin.TabularInline):
    model = TrainingRegistration
    extra = 0
    fields = ["user", "organisation", "created_at", "cancelled_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, *args):
        # Registrations go through the service, which counts the seats.
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """To look sessions up. They are planned, changed and cancelled on the
    training sessions page, which tells the people registered."""

    list_display = ["start", "language", "venue", "institution", "seats", "cancelled_at"]
    list_filter = ["language", "venue"]
    search_fields = ["address", "description", "institution__name"]
    date_hierarchy = "start"
    readonly_fields = [field.name for field in TrainingSession._meta.fields]
    inlines = [RegistrationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingRequest)
class TrainingRequestAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "organisation", "preferred_period", "people", "handled_at"]
    list_filter = ["handled_at"]
    search_fields = ["organisation__name", "preferred_period"]
    readonly_fields = [field.name for field in TrainingRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
