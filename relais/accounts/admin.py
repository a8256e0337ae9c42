from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from relais.lib.admin import CoordinatorAdminMixin

from .models import Invitation, User


@admin.register(User)
class UserAdmin(CoordinatorAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "language",
        "is_active",
        "is_coordinator",
        "is_interpreter",
    ]
    list_filter = ["is_active", "is_coordinator", "is_interpreter", "is_staff", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (_("Roles"), {"fields": ["is_active", "is_coordinator", "is_interpreter", "is_staff"]}),
        (_("Administrator"), {"fields": ["is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_readonly_fields(self, request, obj=None):
        # Only administrators hand out administrator rights.
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return [
            "last_login",
            "date_joined",
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
        ]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Invitation)
class InvitationAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["email", "role", "organisation", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "role",
        "organisation",
        "user",
        "invited_by",
        "created_at",
        "accepted_at",
    ]

    def has_add_permission(self, request):
        # Invitations are sent from the portal, which emails the link.
        return False
