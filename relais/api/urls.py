from django.urls import path

from . import views
from .api import api

app_name = "api_tokens"

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/<int:organisation_pk>/", views.token_list, name="list"),
    path("tokens/<int:organisation_pk>/<int:pk>/revoke/", views.revoke, name="revoke"),
]
