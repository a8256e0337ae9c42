from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("queue/", views.booking_queue, name="queue"),
    path("<int:pk>/", views.booking_detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/decline/", views.decline, name="decline"),
]
