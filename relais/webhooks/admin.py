from django.contrib import admin

from .models import Webhook, WebhookDelivery


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "organisation", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "organisation__name"]
    exclude = ["secret"]
    readonly_fields = ["organisation", "url", "created_at", "created_by", "secret_rotated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "webhook", "event_type", "status", "attempts", "last_status_code"]
    list_filter = ["status", "event_type"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
