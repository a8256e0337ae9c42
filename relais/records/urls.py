from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("validation/", views.validation, name="validation"),
    path("contests/", views.contests, name="contests"),
    path("to-invoice/", views.to_invoice, name="to_invoice"),
    path("<int:booking_pk>/", views.record_service, name="record"),
    path("record/<int:pk>/validate/", views.validate, name="validate"),
    path("record/<int:pk>/contest/", views.contest, name="contest"),
    path("record/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("record/<int:pk>/correct/", views.correct, name="correct"),
]
