from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from relais.accounts import views as account_views
from relais.stats import home as home_views

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.SERVICE_NAME

urlpatterns = [
    path("", home_views.home, name="home"),
    path("language/", account_views.set_language, name="set_language"),
    path("accounts/", include("relais.accounts.urls")),
    path("organisations/", include("relais.organisations.urls")),
    path("organisations/", include("relais.webhooks.urls")),
    path("interpreters/", include("relais.interpreters.urls")),
    path("requests/", include("relais.bookings.urls")),
    path("notifications/", include("relais.notifications.urls")),
    path("records/", include("relais.records.urls")),
    path("stats/", include("relais.stats.urls")),
    path("training/", include("relais.training.urls")),
    path("invoices/", include("relais.invoicing.urls")),
    path("api/", include("relais.api.urls")),
    path("admin/", admin.site.urls),
]
