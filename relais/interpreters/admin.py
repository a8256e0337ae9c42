from django import forms
from django.contrib import admin

from relais.lib.admin import CoordinatorAdminMixin

from .models import Absence, AvailabilityWindow, InterpreterLanguage, InterpreterProfile, Language
from .services import complete_language_names


class LanguageAdminForm(forms.ModelForm):
    """Names left empty come from CLDR, as create_language fills them."""

    class Meta:
        model = Language
        fields = ["code", "name_fr", "name_nl", "name_en", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_fr", "name_nl", "name_en"):
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            names = complete_language_names(
                code=cleaned["code"],
                **{name: cleaned.get(name, "") for name in ("name_fr", "name_nl", "name_en")},
            )
            for name, value in zip(("name_fr", "name_nl", "name_en"), names, strict=True):
                cleaned[name] = value
                setattr(self.instance, name, value)
        return cleaned


@admin.register(Language)
class LanguageAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    form = LanguageAdminForm
    list_display = ["code", "name_fr", "name_nl", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_fr", "name_nl", "name_en"]

    def has_delete_permission(self, request, obj=None):
        # Bookings and profiles refer to languages: deactivate one instead.
        return request.user.is_superuser


class InterpreterLanguageInline(CoordinatorAdminMixin, admin.TabularInline):
    model = InterpreterLanguage
    extra = 0
    autocomplete_fields = ["language"]


class AvailabilityWindowInline(CoordinatorAdminMixin, admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


class AbsenceInline(CoordinatorAdminMixin, admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(InterpreterProfile)
class InterpreterProfileAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = [
        "user",
        "accepts_on_site",
        "accepts_video",
        "accepts_permanence",
        "accepts_phone",
        "max_minutes_per_day",
        "is_active",
    ]
    list_filter = ["is_active", "accepts_on_site", "accepts_video", "accepts_permanence"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [InterpreterLanguageInline, AvailabilityWindowInline, AbsenceInline]
