from django.contrib import admin

from relais.lib.admin import CoordinatorAdminMixin

from .models import ServiceRecord


@admin.register(ServiceRecord)
class ServiceRecordAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["booking", "interpreter", "outcome", "status", "submitted_at", "validated_at"]
    list_filter = ["status", "outcome"]
    # Records change through their services (history, notifications): read only here.
    readonly_fields = [field.name for field in ServiceRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
