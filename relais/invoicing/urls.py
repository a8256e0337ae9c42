from django.urls import path, re_path

from . import backoffice, views

app_name = "invoicing"

# An invoice's number in an address: 2030-00001, or C2030-00001 for a credit note.
NUMBER = r"(?P<number>C?\d{4}-\d{5,6})"

urlpatterns = [
    path("", views.invoice_list, name="list"),
    re_path(rf"^{NUMBER}/$", views.invoice_detail, name="detail"),
    re_path(rf"^{NUMBER}\.pdf$", views.invoice_pdf, name="pdf"),
    re_path(rf"^{NUMBER}\.xml$", views.invoice_xml, name="xml"),
    re_path(rf"^{NUMBER}\.xlsx$", views.invoice_xlsx, name="xlsx"),
    *backoffice.urlpatterns,
]
