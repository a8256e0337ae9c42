from django.urls import path

from . import views, wizard_views

app_name = "bookings"

urlpatterns = [
    path("new/", wizard_views.new_request, name="new"),
    path("new/<int:pk>/", wizard_views.resume, name="resume"),
    path("new/<int:pk>/analysis/", wizard_views.analysis, name="analysis"),
    path("new/<int:pk>/summary/", wizard_views.summary, name="summary"),
    path("new/<int:pk>/discard/", wizard_views.discard, name="discard"),
    path("new/<int:pk>/<slug:step>/", wizard_views.step, name="step"),
    path("queue/", views.booking_queue, name="queue"),
    path("<int:pk>/", views.booking_detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/change/", views.change, name="change"),
]
