from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("<int:pk>/webhooks/", views.webhook_list, name="list"),
    path("<int:pk>/webhooks/<int:webhook_pk>/", views.webhook_detail, name="detail"),
    path("<int:pk>/webhooks/<int:webhook_pk>/rotate/", views.rotate, name="rotate"),
    path("<int:pk>/webhooks/<int:webhook_pk>/active/", views.toggle, name="toggle"),
    path("<int:pk>/webhooks/<int:webhook_pk>/test/", views.test_event, name="test"),
]
