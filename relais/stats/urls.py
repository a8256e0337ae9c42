from django.urls import path, re_path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("export.xlsx", views.export_statistics, name="export_statistics"),
    path("requests/", views.request_list, name="requests"),
    re_path(
        r"^requests/export\.(?P<format>xlsx|csv)$", views.export_requests, name="export_requests"
    ),
]
