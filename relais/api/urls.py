"""``/api/v1/`` (namespace "api", which django-ninja reverses for its docs) and the
tokens pages (namespace "api_tokens")."""

from django.urls import include, path

from . import views
from .api import api

token_patterns = [
    path("<int:organisation_pk>/", views.token_list, name="list"),
    path("<int:organisation_pk>/<int:pk>/revoke/", views.revoke, name="revoke"),
]

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", include((token_patterns, "api_tokens"))),
]
