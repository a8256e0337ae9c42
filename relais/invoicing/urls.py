from django.urls import path, re_path

from . import backoffice, views
from .backoffice import NUMBER

app_name = "invoicing"


urlpatterns = [
    path("", views.invoice_list, name="list"),
    re_path(rf"^{NUMBER}/$", views.invoice_detail, name="detail"),
    re_path(rf"^{NUMBER}\.pdf$", views.invoice_pdf, name="pdf"),
    re_path(rf"^{NUMBER}\.xml$", views.invoice_xml, name="xml"),
    re_path(rf"^{NUMBER}\.xlsx$", views.invoice_xlsx, name="xlsx"),
    *backoffice.urlpatterns,
]
